import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * `helm create` writes a container's image as
 * `"{{ .Values.image.repository }}:{{ .Values.image.tag | default
 * .Chart.AppVersion }}"`: the tag falls back to the chart's appVersion. The
 * image is still the one the chart's values name, so which server runs is
 * read from it.
 */

const deployment = (image: string) => text`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ include "llm.fullname" . }}
  spec:
    template:
      spec:
        containers:
          - name: {{ .Chart.Name }}
            image: ${image}
            env:
              - name: MODEL_ID
                value: {{ .Values.model | quote }}
`;

const chart = (image: string, values: string) => ({
  'llm/Chart.yaml': 'apiVersion: v2\nname: llm\nappVersion: "2.0.4"\n',
  'llm/values.yaml': values,
  'llm/templates/deployment.yaml': deployment(image),
});

const SCAFFOLD_IMAGE =
  '"{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"';

describe('an image whose tag defaults to the chart appVersion', () => {
  it('is the stock text-generation server: the hub model in values is fetched at start (Model-load)', () => {
    const result = release(
      chart(
        SCAFFOLD_IMAGE,
        text`
          model: acme/tiny-chat-7b
          image:
            repository: ghcr.io/huggingface/text-generation-inference
            tag: ""
        `,
      ),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'llm/templates/deployment.yaml:13 container HELM_TEMPLATE downloads the model: container HELM_TEMPLATE: Text Generation Inference downloads the hub model acme/tiny-chat-7b when it starts (env MODEL_ID; llm/values.yaml:1 Values.model)',
    ]);
  });

  it('reads the default written first (`default .Chart.AppVersion .Values.image.tag`) and a set tag alike', () => {
    for (const [image, tag] of [
      [
        '"{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}"',
        '""',
      ],
      [SCAFFOLD_IMAGE, '"2.1.0"'],
    ]) {
      const result = release(
        chart(
          image,
          `model: acme/tiny-chat-7b\nimage:\n  repository: ghcr.io/huggingface/text-generation-inference\n  tag: ${tag}\n`,
        ),
      );
      expect(result.pattern).toBe('model-load');
    }
  });

  it('stays unknown for an image the values do not name a model server in', () => {
    const result = release(
      chart(
        SCAFFOLD_IMAGE,
        'model: acme/tiny-chat-7b\nimage:\n  repository: registry.example/acme/web\n  tag: ""\n',
      ),
    );
    expect(result.pattern).toBe('unknown');
  });
});

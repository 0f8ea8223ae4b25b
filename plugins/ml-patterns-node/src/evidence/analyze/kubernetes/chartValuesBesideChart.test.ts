import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A chart that ships no values.yaml of its own, installed with the values
 * file the repository keeps above it: the chart ranges over a list of
 * models and renders one Deployment per entry, each running a stock
 * hub-model server given the entry's hub id. The image is read from the
 * values file above the chart, and the server fetches its model when it
 * starts: Model-load.
 */

const tree = (withValues: boolean) => ({
  ...(withValues
    ? {
        'values.yaml': text`
          servers:
            - hubId: acme/tiny-chat-1b
              label: tiny-chat
          image:
            repository: ghcr.io/huggingface/text-generation-inference
            tag: "2.0"
        `,
      }
    : {}),
  'deploy/llm/Chart.yaml': 'apiVersion: v2\nname: llm\nversion: 0.1.0\n',
  'deploy/llm/templates/servers.yaml': text`
    {{- range .Values.servers }}
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ .label }}
    spec:
      template:
        spec:
          containers:
          - name: server
            image: {{ $.Values.image.repository }}:{{ $.Values.image.tag }}
            args: ["--model-id", "{{ .hubId }}"]
    ---
    {{- end }}
  `,
});

describe('a chart installed with the values file kept above it', () => {
  it('reads the stock server image from those values: Model-load', () => {
    const result = releaseOf(tree(true));
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^deploy\/llm\/templates\/servers\.yaml:12 .*--model-id/,
      ),
    ]);
  });

  it('stays unknown when no values file names the image', () => {
    expect(releaseOf(tree(false)).pattern).toBe('unknown');
  });
});

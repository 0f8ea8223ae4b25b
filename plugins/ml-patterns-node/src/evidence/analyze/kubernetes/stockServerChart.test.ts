import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A chart that runs a model server's stock image whose tag is computed by
 * a template function (`ternary`), with the models pulled after start
 * only when the values list some (none by default): the image name still
 * says which server runs, and a stock server image holds no model of the
 * chart, so the models arrive when the container starts.
 */

const chart = (image: string) => ({
  'Chart.yaml': 'apiVersion: v2\nname: llm-host\nappVersion: "0.9.2"\n',
  'values.yaml': text`
    image:
      repository: ollama/ollama
      tag: ""
    gpu:
      enabled: false
      vendor: nvidia
    models:
      pull: []
  `,
  'templates/deployment.yaml': text`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "llm-host.fullname" . }}
    spec:
      template:
        spec:
          containers:
            - name: {{ .Chart.Name }}
              image: ${image}
              {{- if .Values.models.pull }}
              lifecycle:
                postStart:
                  exec:
                    command: ["/bin/sh", "-c", "{{ range .Values.models.pull }}ollama pull {{ . }}; {{ end }}"]
              {{- end }}
  `,
});

describe('a chart running a stock model-server image', () => {
  it('is Model-load (weaker evidence) although its tag is computed by a template function', () => {
    const result = releaseOf(
      chart(
        '"{{ .Values.image.repository }}:{{ .Values.image.tag | default (ternary (printf "%s-rocm" .Chart.AppVersion) .Chart.AppVersion (eq .Values.gpu.vendor "amd")) }}"',
      ),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'templates/deployment.yaml:10 Deployment runs the stock ollama image (ollama/ollama), which holds no model of its own: the models are supplied when the container starts (weaker evidence than a download seen at start)',
    ]);
  });

  it('stays unknown when the image name itself cannot be read', () => {
    const result = releaseOf(
      chart('"{{ include "llm-host.image" . }}:{{ .Values.image.tag }}"'),
    );
    expect(result.pattern).toBe('unknown');
  });
});

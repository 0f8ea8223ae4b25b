import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * A Helm chart's KubeRay RayService whose `serveConfigV2` pastes in one
 * chart file per application its values list (`range` over
 * `.Values.applications`, `.Files.Get`): the applications run on one Ray
 * cluster of one image and are released together, and each loads the
 * model its own `user_config` names, so two applications loading an
 * artifact named at run time are two models.
 */

const template = text`
  apiVersion: ray.io/v1
  kind: RayService
  metadata:
    name: {{ .Release.Name }}
  spec:
    rayClusterConfig:
      headGroupSpec:
        template:
          spec:
            containers:
              - name: head
                image: registry.example/pathology:2.1
    serveConfigV2: |
      applications:
  {{- range $app := .Values.applications }}
  {{ printf "apps/%s.yaml" $app | $.Files.Get | indent 6 }}
  {{- end }}
`;

const application = (name: string, module: string, uri: string) => text`
  - name: ${name}
    import_path: serving.${module}:app
    route_prefix: /${name}
    deployments:
      - name: ${module}
        user_config:
          model:
            _target_: serving.store:fetch
            uri: ${uri}
`;

const deployment = (kind: string) => text`
  import onnxruntime as ort
  from ray import serve

  @serve.deployment
  class ${kind}:
      def reconfigure(self, config):
          self.session = ort.InferenceSession(config["model"]["path"])

      async def __call__(self, request):
          return self.session.run(None, await request.json())

  app = ${kind}.bind()
`;

const chart = (applications: string) => ({
  'chart/Chart.yaml': 'apiVersion: v2\nname: pathology\nversion: 0.1.0\n',
  'chart/values.yaml': `applications:\n${applications}`,
  'chart/templates/rayservice.yaml': template,
  'chart/apps/tumour.yaml': application('tumour', 'tumour', 's3://m/t.onnx'),
  'chart/apps/stroma.yaml': application('stroma', 'stroma', 's3://m/s.onnx'),
  'serving/__init__.py': '',
  'serving/tumour.py': deployment('Tumour'),
  'serving/stroma.py': deployment('Stroma'),
  'serving/store.py': 'def fetch(uri):\n    return uri\n',
});

describe('a RayService chart pasting in its applications', () => {
  it('counts the model of each application the values list', () => {
    const result = allInOneOf(chart('  - tumour\n  - stroma\n'));
    expect(result.verdict).toBe('fail');
    expect(result.at).toEqual([
      'chart/templates/rayservice.yaml:13',
      'serving/tumour.py:7',
      'serving/stroma.py:7',
    ]);
    expect(result.notes[0]).toBe(
      'RayService of the chart deploying tumour (chart/apps/tumour.yaml:1), stroma (chart/apps/stroma.yaml:1) loads 2 distinct models',
    );
  });

  it('is one model when the values list one application', () => {
    const result = allInOneOf(chart('  - stroma\n'));
    expect(result.verdict).toBe('pass');
    expect(result.at).toEqual(['serving/stroma.py:7']);
  });
});

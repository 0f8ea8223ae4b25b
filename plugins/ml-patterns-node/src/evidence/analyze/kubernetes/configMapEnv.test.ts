import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A stock model server whose model folder argument is a variable the
 * container takes from a ConfigMap: the value in the ConfigMap is where
 * the server reads its model when it starts.
 */

const deployment = (env: string) => text`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: classifier
  spec:
    template:
      spec:
        containers:
          - name: serving
            image: tensorflow/serving:2.14.1
            args:
              - --model_name=$(MODEL_NAME)
              - --model_base_path=$(MODEL_BASE)
${env}
`;

const configMap = text`
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: serving-settings
  data:
    MODEL_NAME: classifier
    MODEL_BASE: gs://acme-models/classifier
`;

describe('model server arguments read from a ConfigMap', () => {
  it('is Model-load when envFrom brings a gs:// model folder, naming the ConfigMap line and the argument', () => {
    const result = releaseOf({
      'k8s/deployment.yaml': deployment(
        '            envFrom:\n              - configMapRef:\n                  name: serving-settings',
      ),
      'k8s/settings.yaml': configMap,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'k8s/settings.yaml:7 serving --model_base_path=$(MODEL_BASE) (k8s/deployment.yaml:13) reads ConfigMap serving-settings MODEL_BASE = gs://acme-models/classifier',
    ]);
  });

  it('reads a configMapKeyRef the same way', () => {
    const result = releaseOf({
      'k8s/deployment.yaml': deployment(
        '            env:\n              - name: MODEL_BASE\n                valueFrom:\n                  configMapKeyRef:\n                    name: serving-settings\n                    key: MODEL_BASE',
      ),
      'k8s/settings.yaml': configMap,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'k8s/settings.yaml:7 serving --model_base_path=$(MODEL_BASE) (k8s/deployment.yaml:13) reads ConfigMap serving-settings MODEL_BASE = gs://acme-models/classifier',
    ]);
  });

  it('stays unknown when the ConfigMap gives a local folder (it may be in the image)', () => {
    const result = releaseOf({
      'k8s/deployment.yaml': deployment(
        '            envFrom:\n              - configMapRef:\n                  name: serving-settings',
      ),
      'k8s/settings.yaml': configMap.replace(
        'gs://acme-models/classifier',
        '/models/classifier',
      ),
    });
    expect(result.pattern).toBe('unknown');
    expect(result.atStart).toEqual([]);
  });
});

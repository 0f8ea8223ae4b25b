import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A deploy script that writes the InferenceService out as a Python dict
 * and applies it: the predictor's storageUri is fetched by KServe's
 * storage initializer when the pod starts.
 */

const deploy = (predictor: string) => text`
  import subprocess
  import tempfile

  import yaml

  def inference_service(name, bucket):
      return {
          "apiVersion": "serving.kserve.io/v1beta1",
          "kind": "InferenceService",
          "metadata": {"name": name},
          "spec": {
              "predictor": ${predictor}
          },
      }

  def apply(name, bucket):
      with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as out:
          yaml.safe_dump(inference_service(name, bucket), out)
      subprocess.run(["kubectl", "apply", "-f", out.name], check=True)
`;

describe('InferenceServices written as Python dicts', () => {
  it('is Model-load: the predictor reads its storageUri when the pod starts', () => {
    const result = releaseOf({
      'deploy/apply_service.py': deploy(
        '{"xgboost": {"storageUri": f"gs://{bucket}/fraud"}}',
      ),
      'deploy/requirements.txt': 'PyYAML==6.0.2\n',
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'deploy/apply_service.py:12 storageUri f"gs://{bucket}/fraud"',
    ]);
    expect(result.evidence.workloads).toEqual([
      expect.objectContaining({
        kind: 'InferenceService',
        path: 'deploy/apply_service.py',
        modelFormat: { name: 'xgboost' },
      }),
    ]);
  });

  it('reads no model from a predictor that runs its own image', () => {
    const result = releaseOf({
      'deploy/apply_service.py': deploy(
        '{"containers": [{"name": "server", "image": "acme/fraud:1.4"}]}',
      ),
    });
    expect(result.atStart).toEqual([]);
    expect(result.evidence.workloads).toEqual([
      expect.objectContaining({ kind: 'InferenceService', modelsLoaded: null }),
    ]);
  });
});

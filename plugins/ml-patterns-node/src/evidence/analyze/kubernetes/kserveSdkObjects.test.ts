import { allInOneOf } from '../__testUtils__/allInOneOf';
import { releaseOf } from '../__testUtils__/releaseOf';

/** A pipeline step deploying one model with the kserve SDK and a stock runtime. */
const deployStep = [
  'from kubernetes import client',
  'import kserve',
  '',
  'def deploy(bucket: str, name: str):',
  '    uri = f"s3://{bucket}/churn/model.joblib"',
  '    isvc = kserve.V1beta1InferenceService(',
  '        api_version="serving.kserve.io/v1beta1",',
  '        kind="InferenceService",',
  '        metadata=client.V1ObjectMeta(name=name),',
  '        spec=kserve.V1beta1InferenceServiceSpec(',
  '            predictor=kserve.V1beta1PredictorSpec(',
  '                model=kserve.V1beta1ModelSpec(',
  '                    storage_uri=uri,',
  '                    model_format=kserve.V1beta1ModelFormat(name="sklearn"),',
  '                )',
  '            )',
  '        ),',
  '    )',
  '    kserve.KServeClient().create(isvc)',
  '',
].join('\n');

describe('InferenceServices created with the kserve Python SDK', () => {
  it('is Model-load: the platform pulls the storage_uri when the predictor starts', () => {
    const result = releaseOf(
      { 'pipeline/deploy.py': deployStep, 'requirements.txt': 'kfp\n' },
      'repository',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual(['pipeline/deploy.py:13 storageUri uri']);
  });

  it('serves one model: All-in-one is clear', () => {
    const result = allInOneOf({ 'pipeline/deploy.py': deployStep });
    expect(result.verdict).toBe('pass');
    expect(result.at).toContain('pipeline/deploy.py:13');
  });

  it('reads a framework predictor with a literal storage_uri', () => {
    const result = releaseOf({
      'deploy.py': [
        'from kserve import V1beta1InferenceService, V1beta1InferenceServiceSpec',
        'from kserve import V1beta1PredictorSpec, V1beta1SKLearnSpec',
        'isvc = V1beta1InferenceService(',
        '    spec=V1beta1InferenceServiceSpec(',
        '        predictor=V1beta1PredictorSpec(',
        '            sklearn=V1beta1SKLearnSpec(storage_uri="gs://models/iris")',
        '        )',
        '    )',
        ')',
        '',
      ].join('\n'),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual(['deploy.py:6 storageUri gs://models/iris']);
    expect(result.evidence.workloads[0].modelFormat).toEqual({
      name: 'sklearn',
    });
  });

  it('does not take a test module for a deployment', () => {
    const result = releaseOf(
      { 'tests/test_deploy.py': deployStep },
      'repository',
    );
    expect(result.evidence.workloads).toEqual([]);
  });
});

import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { detectReleasePattern } from '../../../engine/releasePattern';
import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';
import { isServiceEndpoint } from './serviceEndpoints';

describe('single-model services behind a gateway', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      'docker-compose.yml': text`
        services:
          gateway:
            image: acme/gateway:2.0.1
            environment:
              MODEL_RANKER_URL: http://ranker:8080/predict
              MODEL_SCORER_URL: http://scorer.ml.svc.cluster.local:8000
            depends_on: [ranker, scorer]
          ranker:
            image: acme/ranker:1.4.0
            environment:
              MODEL_PATH: /models/ranker.onnx
          scorer:
            image: acme/scorer:0.9.2
            environment:
              MODEL_PATH: /models/scorer.onnx
      `,
    }),
  );

  it('counts the model of each service, none for the gateway that only calls them', () => {
    expect(
      evidence.workloads.map(w => [w.name, w.line, w.modelsLoaded]),
    ).toEqual([
      ['gateway', 2, null],
      ['ranker', 8, 1],
      ['scorer', 12, 1],
    ]);
    const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
    expect(check.verdict).toBe('pass');
    expect(check.evidence).toEqual([
      {
        path: 'docker-compose.yml',
        line: 8,
        note: 'compose-service ranker loads one model',
      },
      { path: 'docker-compose.yml', line: 11, note: 'ranker: env MODEL_PATH' },
      {
        path: 'docker-compose.yml',
        line: 12,
        note: 'compose-service scorer loads one model',
      },
      { path: 'docker-compose.yml', line: 15, note: 'scorer: env MODEL_PATH' },
    ]);
  });

  it('does not take the service addresses for models fetched at start', () => {
    expect(detectReleasePattern(makeInput({ evidence })).modelLoad).toEqual([]);
  });
});

describe('service endpoints', () => {
  it.each([
    ['http://ranker:8080/predict', true],
    ['grpc://model-a.serving.svc.cluster.local:8500', true],
    ['http://10.0.0.12/v1/models/a:predict', true],
    ['http://minio:9000/models/ranker.onnx', false],
    ['https://huggingface.co/org/model/resolve/main/model.safetensors', false],
    ['https://storage.googleapis.com/acme/models/ranker', false],
    ['gs://acme/models/ranker', false],
    ['/models/ranker.onnx', false],
  ])('%s is a service endpoint: %s', (value, expected) => {
    expect(isServiceEndpoint(value)).toBe(expected);
  });
});

import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { builtInRules } from './rules';
import { evaluateEntity } from './evaluateEntity';
import { makeEntity, makeInput } from './__testUtils__/factories';

/**
 * A `repository` entity is judged for All-in-one and its release pattern
 * through the serving units it holds; training code alone is not
 * applicable.
 */
function scoreRepository(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'repository',
      entity: makeEntity({ type: 'training-pipeline' }),
      evidence,
    }),
    builtInRules,
  );
  const check = report.checks.find(
    c => c.ruleId === 'all-in-one/one-model-per-server',
  )!;
  return {
    report,
    check,
    at: check.evidence.map(e => `${e.path}:${e.line}`),
  };
}

const TRAINING = {
  'train.py': text`
    import torch
    from model import Net

    net = Net()
    net.load_state_dict(torch.load("checkpoints/last.pt"))
    for batch in loader:
        loss = net(batch)
        loss.backward()
    torch.save(net.state_dict(), "checkpoints/last.pt")
  `,
  'inference.py': text`
    import joblib

    def predict(rows):
        model = joblib.load("artifacts/model.joblib")
        return model.predict(rows)
  `,
  'requirements.txt': 'torch==2.3.0\njoblib==1.4.2\n',
};

describe('a repository that holds a serving unit', () => {
  it('is judged through a KServe InferenceService: one model, Model-load', () => {
    const { report, check, at } = scoreRepository({
      ...TRAINING,
      'deploy/inference-service.yaml': text`
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: churn
        spec:
          predictor:
            sklearn:
              storageUri: s3://acme-models/churn/v4
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(check.verdict).toBe('pass');
    expect(at).toContain('deploy/inference-service.yaml:8');
    expect(report.releasePattern).toBe('model-load');
  });

  it('is judged through a compose service that runs a model server', () => {
    const { report, check } = scoreRepository({
      ...TRAINING,
      'serving/models.config': text`
        model_config_list {
          config { name: "churn" base_path: "/models/churn" model_platform: "tensorflow" }
          config { name: "upsell" base_path: "/models/upsell" model_platform: "tensorflow" }
        }
      `,
      'serving/compose.yaml': text`
        services:
          tf-serving:
            image: tensorflow/serving:2.15.0
            command: --model_config_file=/models/models.config
            volumes:
              - ./:/models
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('detected');
    expect(check.evidence.map(e => `${e.path}:${e.line}`)).toEqual(
      expect.arrayContaining([
        'serving/models.config:2',
        'serving/models.config:3',
      ]),
    );
    expect(check.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'serving/compose.yaml',
          line: 3,
          note: expect.stringContaining('tensorflow-serving model server'),
        }),
      ]),
    );
  });

  it('counts models per unit: two single-model servers are not All-in-one', () => {
    const server = (name: string) => text`
      import os
      import joblib
      from fastapi import FastAPI

      app = FastAPI()
      model = joblib.load(os.environ["${name}_MODEL_PATH"])

      @app.post("/predict")
      def predict(rows: list[list[float]]):
          return model.predict(rows).tolist()
    `;
    const { report, check, at } = scoreRepository({
      ...TRAINING,
      'churn_api/Dockerfile': text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
      `,
      'churn_api/main.py': server('CHURN'),
      'upsell_api/Dockerfile': text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
      `,
      'upsell_api/main.py': server('UPSELL'),
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(check.message).toContain('holds a serving unit');
    expect(at).toEqual(
      expect.arrayContaining(['churn_api/main.py:6', 'upsell_api/main.py:6']),
    );
  });
});

describe('a repository that holds no serving unit', () => {
  it('is not applicable for All-in-one and the release pattern, even with an inference.py', () => {
    const { report, check } = scoreRepository({
      ...TRAINING,
      Dockerfile: text`
        FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
        COPY . /work
        WORKDIR /work
        CMD ["python", "train.py"]
      `,
    });
    expect(check.verdict).toBe('not-applicable');
    expect(report.antiPatterns['all-in-one']).toBe('not-applicable');
    expect(report.releasePattern).toBe('not-applicable');
  });

  it('is not applicable when its one container runs a batch job that loads a model', () => {
    const { report } = scoreRepository({
      ...TRAINING,
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /work
        WORKDIR /work
        CMD ["python", "inference.py"]
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('not-applicable');
    expect(report.releasePattern).toBe('not-applicable');
  });
});

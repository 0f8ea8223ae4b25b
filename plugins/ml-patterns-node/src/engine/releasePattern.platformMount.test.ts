import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { makeInput } from './__testUtils__/factories';
import { detectReleasePattern } from './releasePattern';

/**
 * A server that reads its model from `/mnt/models` does not download it:
 * the platform's storage initializer (KServe, Seldon Core) puts it there
 * before the server starts, and the evidence says so.
 */
describe('a load from the platform model mount', () => {
  it('is Model-load, and says the storage initializer puts the model there', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          RUN pip install kserve==0.13.1 xgboost==2.0.3
          COPY predictor.py /app/
          WORKDIR /app
          CMD ["python", "predictor.py"]
        `,
        'predictor.py': text`
          import kserve
          import xgboost

          class Scorer(kserve.Model):
              def load(self):
                  self.booster = xgboost.Booster(model_file="/mnt/models/booster.json")
                  self.ready = True

          if __name__ == "__main__":
              kserve.ModelServer().start([Scorer("scorer")])
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(
      detection.modelLoad.map(item => `${item.path}:${item.line} ${item.note}`),
    ).toEqual([
      "predictor.py:6 xgboost.Booster loads /mnt/models/booster.json, where the platform's storage initializer (KServe, Seldon Core) puts the model when the server starts",
    ]);
  });
});

/**
 * Managed endpoints hand the serving code the folder they put the
 * registered model in when the container starts: SageMaker calls a handler
 * module's `model_fn(model_dir)` with `/opt/ml/model`, Azure Machine
 * Learning sets `AZUREML_MODEL_DIR` for the scoring script's `init()`.
 */
describe('a load from the folder a managed endpoint hands the handler', () => {
  const notes = (detection: ReturnType<typeof detectReleasePattern>) =>
    detection.modelLoad.map(item =>
      'path' in item ? `${item.path}:${item.line} ${item.note}` : item.note,
    );

  it("is Model-load for SageMaker's model_fn, through a class of the project, even when the image's own start command does not import the handler", () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.10-slim
          RUN pip install sagemaker-inference==1.10.1 multi-model-server==1.1.11 torch==2.2.2
          COPY serving /opt/program/serving
          WORKDIR /opt/program
          ENTRYPOINT ["python", "serving/start.py"]
        `,
        'serving/start.py': text`
          from sagemaker_inference import model_server

          if __name__ == "__main__":
              model_server.start_model_server()
        `,
        'serving/inference.py': text`
          import os
          import torch

          class Scorer:
              def __init__(self, folder):
                  self.net = torch.jit.load(os.path.join(folder, "scorer.pt"))

          def model_fn(model_dir):
              return Scorer(model_dir)

          def predict_fn(data, scorer):
              return scorer.net(data)
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(notes(detection)).toEqual([
      'serving/inference.py:9 torch.jit.load loads /opt/ml/model, where SageMaker puts the model when the server starts',
    ]);
  });

  it('is not read into a method of the same name or a model_fn the project calls itself', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'app.py': text`
          import joblib
          from flask import Flask

          class Registry:
              def model_fn(self, model_dir):
                  return joblib.load(model_dir)

          def model_fn(model_dir):
              return joblib.load(model_dir)

          app = Flask(__name__)
          first = Registry().model_fn("artifacts/first.joblib")
          second = model_fn("artifacts/second.joblib")
        `,
      }),
    );
    expect(evidence.modelLoaders.map(l => `${l.line} ${l.target}`)).toEqual([
      '12 artifacts/first.joblib',
      '13 artifacts/second.joblib',
    ]);
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(notes(detection)).toEqual([]);
  });

  it('is Model-load for an Azure ML scoring script reading AZUREML_MODEL_DIR', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'score.py': text`
          import json
          import os
          import joblib

          def init():
              global regressor
              folder = os.getenv("AZUREML_MODEL_DIR")
              regressor = joblib.load(os.path.join(folder, "outputs/regressor.pkl"))

          def run(raw):
              return regressor.predict(json.loads(raw)["data"]).tolist()
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(notes(detection)).toEqual([
      'score.py:8 joblib.load loads AZUREML_MODEL_DIR, where Azure Machine Learning puts the model when the server starts',
    ]);
  });
});

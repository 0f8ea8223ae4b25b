import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { repo, text } from '../__testUtils__/files';
import { releasePatternOf } from '../__testUtils__/releaseOf';
import { analyzeRepositoryFiles } from '../index';

/**
 * A server that looks its model up in the MLflow model registry by name
 * and loads the version found there loads that one registered model, from
 * the registry, when it starts: a serving unit with one model, released
 * by Model-load.
 */

const tree = (lookup: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /app
    COPY pyproject.toml uv.lock ./
    COPY ./service ./service
    CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0"]
  `,
  'service/settings.py': text`
    import os


    class Settings:
        REGISTERED_MODEL: str = os.getenv("REGISTERED_MODEL") or "price"


    settings = Settings()
  `,
  'service/registry.py': lookup,
  'service/main.py': text`
    from fastapi import FastAPI

    from service.registry import Predictor

    app = FastAPI()
    predictor = Predictor()


    @app.post("/predict")
    def predict(rows: list[dict]):
        return predictor.model.predict(rows).tolist()
  `,
});

function judged(lookup: string) {
  const evidence = analyzeRepositoryFiles(repo(tree(lookup)));
  const check = runCheck(
    oneModelPerServerRule,
    makeInput({ role: 'repository', evidence }),
  );
  return {
    verdict: check.verdict,
    at: check.evidence.map(e => `${e.path}:${e.line}`),
    release: releasePatternOf(evidence, 'repository'),
  };
}

describe('models looked up in the MLflow registry', () => {
  it('reads a search of registered models by name as one model loaded from the registry', () => {
    const { verdict, at, release } = judged(text`
      import mlflow

      from service.settings import settings


      def latest(name):
          found = mlflow.search_registered_models(filter_string=f"name = '{name}'")
          source = found[0].latest_versions[0].source
          return mlflow.pyfunc.load_model(source)


      class Predictor:
          def __init__(self, name: str = settings.REGISTERED_MODEL):
              self.model = latest(name)
    `);
    expect(verdict).toBe('pass');
    // Named where the predictor is built: the name's default is the setting.
    expect(at).toEqual(['service/main.py:6', 'Dockerfile:5']);
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toEqual([
      'service/main.py:6 mlflow.pyfunc.load_model downloads REGISTERED_MODEL',
    ]);
  });

  it('reads a client lookup of the latest versions as that registered model', () => {
    const { verdict, at, release } = judged(text`
      import os

      from mlflow import MlflowClient
      from mlflow.pyfunc import load_model


      class Predictor:
          def __init__(self):
              client = MlflowClient()
              versions = client.get_latest_versions(os.environ["MODEL_NAME"])
              self.model = load_model(versions[0].source)
    `);
    expect(verdict).toBe('pass');
    expect(at).toEqual(['service/registry.py:11', 'Dockerfile:5']);
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toEqual([
      'service/registry.py:11 mlflow.pyfunc.load_model downloads MODEL_NAME',
    ]);
  });
});

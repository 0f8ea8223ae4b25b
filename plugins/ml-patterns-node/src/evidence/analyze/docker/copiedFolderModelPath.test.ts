import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image that copies one folder of the build context (not the whole
 * context) where the server reads a model file git does not hold: CI
 * fetches the trained model into that folder before `docker build`, so
 * the model is in the image. The server is started through a console
 * script of the project, run by `uv` with global options before `run`.
 */

const tree = (copy: string) => ({
  'deploy/serve.Dockerfile': text`
    FROM python:3.12-slim
    WORKDIR /opt/svc
    RUN pip install --no-cache-dir uv
    COPY pyproject.toml uv.lock ./
    ${copy}
    RUN uv sync --no-dev
    CMD ["uv", "-q", "run", "--frozen", "scorer"]
  `,
  'pyproject.toml': text`
    [project]
    name = "churn"
    version = "0.3.0"
    dependencies = ["fastapi==0.115.0", "uvicorn==0.30.6", "joblib==1.4.2"]

    [project.scripts]
    scorer = "churn.web.run:main"
  `,
  'uv.lock': 'version = 1\n',
  'churn/web/run.py': text`
    import uvicorn

    def main():
        uvicorn.run("churn.web.app:app", host="0.0.0.0", port=8000)
  `,
  'churn/web/app.py': text`
    import joblib
    from fastapi import FastAPI

    app = FastAPI()
    estimator = joblib.load("churn/web/artifacts/estimator.joblib")

    @app.post("/churn")
    def churn(features: list[float]):
        return {"p": float(estimator.predict_proba([features])[0][1])}
  `,
  'churn/web/artifacts/.gitignore': '*.joblib\n',
  '.github/workflows/release.yml': text`
    on: push
    jobs:
      release:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - run: aws s3 cp s3://acme-models/churn/estimator.joblib churn/web/artifacts/
          - run: docker build -f deploy/serve.Dockerfile -t acme/churn .
  `,
});

describe('a COPY of the folder the server reads its model from', () => {
  it('is Model-in-image (weaker evidence) when the folder copied holds the model path', () => {
    const result = releaseOf(tree('COPY churn/web churn/web'), 'repository');
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'deploy/serve.Dockerfile:5 model into image (directory): churn/web → /opt/svc/churn/web: the folder churn/web of the build context, where churn/web/app.py:5 loads churn/web/artifacts/estimator.joblib (weaker evidence: churn/web/artifacts/estimator.joblib is not in the repository, so the model is in the image only if it is put in the build context before the build)',
    ]);
  });

  it('says nothing when the folder copied is not where the model is read', () => {
    const result = releaseOf(
      tree('COPY churn/web/app.py churn/web/run.py churn/web/'),
      'repository',
    );
    expect(result.inImage).toEqual([]);
  });
});

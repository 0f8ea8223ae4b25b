import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { makeInput } from './__testUtils__/factories';
import { detectReleasePattern } from './releasePattern';

/**
 * An experiment-tracking server run beside the serving image (`mlflow
 * server` in a compose file) names the store it writes run artifacts to
 * (`MLFLOW_DEFAULT_ARTIFACT_ROOT=s3://…`): that is no model fetched at start.
 */
describe('a tracking server beside an image that holds its model', () => {
  const files = (command: string) =>
    repo({
      'docker/Dockerfile.api': text`
        FROM python:3.12-slim
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY service/ service/
        COPY artifacts/ artifacts/
        CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\njoblib==1.4.2\n',
      'service/__init__.py': '',
      'service/main.py': text`
        import os
        import joblib
        from fastapi import FastAPI

        app = FastAPI()
        regressor = joblib.load(os.getenv("REGRESSOR_FILE", "artifacts/regressor.joblib"))

        @app.post("/predict")
        def predict(rows: list[list[float]]):
            return regressor.predict(rows).tolist()
      `,
      'docker/docker-compose.yml': text`
        services:
          tracking:
            build: .
            environment:
              MLFLOW_DEFAULT_ARTIFACT_ROOT: s3://runs-bucket/
              MLFLOW_S3_ENDPOINT_URL: http://objects:9000
            command: ${command}
          objects:
            image: minio/minio
            command: server /data
      `,
    });

  it('is Model-in-image, decided by the COPY of the model folder', () => {
    const evidence = analyzeRepositoryFiles(
      files(
        'mlflow server --host 0.0.0.0 --default-artifact-root s3://runs-bucket/',
      ),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-in-image');
    expect(
      detection.modelInImage.map(item => `${item.path}:${item.line}`),
    ).toEqual(['docker/Dockerfile.api:6']);
    expect(detection.modelLoad).toEqual([]);
  });

  it('is Model-in-image when the tracking server is started through python -m', () => {
    const evidence = analyzeRepositoryFiles(
      files('python -m mlflow ui --host 0.0.0.0'),
    );
    expect(detectReleasePattern(makeInput({ evidence })).pattern).toBe(
      'model-in-image',
    );
  });

  it('is mixed when the container serves a model from that store instead', () => {
    const evidence = analyzeRepositoryFiles(
      files('mlflow models serve -m s3://runs-bucket/1/abc/artifacts/model'),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('mixed');
    expect(
      detection.modelLoad.map(item => `${item.path}:${item.line}`),
    ).toEqual(['docker/docker-compose.yml:5']);
  });
});

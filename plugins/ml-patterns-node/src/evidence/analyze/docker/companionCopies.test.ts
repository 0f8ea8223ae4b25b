import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image that copies the pickled companions of its model (a decision
 * threshold, the tag list it predicts) while the server downloads the model
 * itself from an object store when it starts: the companions baked in are
 * no second delivery of the model.
 */
describe('pickled companions copied into an image whose server downloads the model', () => {
  const tree = {
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY triage/ ./triage/
      COPY artifacts/decision_threshold.joblib ./artifacts/
      COPY artifacts/known_tags.joblib ./artifacts/
      ENV CLASSIFIER_S3_URI="s3://acme-models/triage/forest.joblib"
      CMD ["uvicorn", "triage.api:app", "--host", "0.0.0.0"]
    `,
    'requirements.txt': 'fastapi==0.115.0\nboto3==1.35.0\njoblib==1.4.2\n',
    'artifacts/decision_threshold.joblib': Buffer.from([0x80, 0x04, 0x4b]),
    'artifacts/known_tags.joblib': Buffer.from([0x80, 0x04, 0x5d]),
    'triage/__init__.py': '',
    'triage/api.py': text`
      import os
      import boto3
      import joblib
      from fastapi import FastAPI

      app = FastAPI()

      def load():
          bucket, key = os.environ["CLASSIFIER_S3_URI"][5:].split("/", 1)
          store = boto3.client("s3")
          store.download_file(bucket, key, "/tmp/forest.joblib")
          forest = joblib.load("/tmp/forest.joblib")
          cut = joblib.load("artifacts/decision_threshold.joblib")
          tags = joblib.load("artifacts/known_tags.joblib")
          return forest, cut, tags

      forest, cut, tags = load()
    `,
  };

  it('is Model-load, naming the fetched load, and no COPY of a companion as the model in the image', () => {
    const result = releaseOf(tree);
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'triage/api.py:12 joblib.load loads /tmp/forest.joblib, which store.download_file at triage/api.py:11 fetches over the network when the server starts',
    ]);
  });

  it('still reads a copied pickle named for the model as the model in the image', () => {
    const result = releaseOf({
      ...tree,
      Dockerfile: tree.Dockerfile.replace(
        'known_tags.joblib ./artifacts/',
        'known_tags.joblib ./artifacts/\nCOPY artifacts/forest_model.joblib ./artifacts/',
      ),
      'artifacts/forest_model.joblib': Buffer.from([0x80, 0x04, 0x4e]),
    });
    // The code then fetches only when the file is missing: the image holds it.
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:8 model into image (file): artifacts/forest_model.joblib',
    ]);
  });
});

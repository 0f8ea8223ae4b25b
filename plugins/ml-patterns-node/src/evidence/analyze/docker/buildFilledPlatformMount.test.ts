import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A build step trains a model and moves it into `/mnt/models`, the folder
 * KServe's storage initializer fills when a `storageUri` is set, and the
 * image's ENV points the server there. With no storageUri and no volume
 * over the folder, the server reads the file the build wrote:
 * Model-in-image, whatever the training script is called.
 */
describe('a model the build writes into a platform model mount', () => {
  const files = (options: { volume?: boolean } = {}) => ({
    'svc/Dockerfile': text`
      FROM python:3.12-slim
      WORKDIR /opt/app
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY fit.py handler.py ./
      RUN mkdir -p /mnt/models && python fit.py && mv booster.joblib /mnt/models/booster.joblib
      ENV BOOSTER=/mnt/models/booster.joblib
      ${options.volume ? 'VOLUME /mnt/models' : ''}
      ENTRYPOINT ["python", "handler.py"]
    `,
    'svc/requirements.txt': 'scikit-learn==1.5.0\njoblib==1.4.2\n',
    'svc/fit.py': text`
      import joblib
      from sklearn.datasets import load_diabetes
      from sklearn.ensemble import GradientBoostingRegressor

      x, y = load_diabetes(return_X_y=True)
      joblib.dump(GradientBoostingRegressor().fit(x, y), "booster.joblib")
    `,
    'svc/handler.py': text`
      import os

      import joblib
      from kserve import Model, ModelServer

      booster = joblib.load(os.environ.get("BOOSTER", "/mnt/models/booster.joblib"))


      class Booster(Model):
          def predict(self, payload, headers=None):
              return {"predictions": booster.predict(payload["instances"]).tolist()}


      if __name__ == "__main__":
          ModelServer().start([Booster("diabetes")])
    `,
  });
  const service = () => text`
    apiVersion: serving.kserve.io/v1beta1
    kind: InferenceService
    metadata:
      name: diabetes
    spec:
      predictor:
        containers:
          - name: kserve-container
            image: registry.example.com/diabetes:1
  `;

  it('is Model-in-image, naming the RUN step that writes the file', () => {
    const result = release({ ...files(), 'deploy/isvc.yaml': service() });
    expect(result.atStart).toEqual([]);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'svc/Dockerfile:6 model into image (download-in-build): the build writes /mnt/models/booster.joblib, which svc/handler.py:6 loads (joblib.load); nothing mounts over it',
    ]);
  });

  it('stays a load at start when an InferenceService fills the folder from storage', () => {
    const result = release({
      ...files(),
      'deploy/isvc.yaml': text`
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: diabetes
        spec:
          predictor:
            sklearn:
              storageUri: gs://acme-models/diabetes
      `,
    });
    expect(result.inImage).not.toContainEqual(
      expect.stringContaining('the build writes'),
    );
    expect(result.atStart).toContainEqual(
      expect.stringMatching(/^svc\/handler\.py:6 joblib\.load /),
    );
  });

  it('stays a load at start when the image declares a VOLUME over the folder', () => {
    const result = release({
      ...files({ volume: true }),
      'deploy/isvc.yaml': service(),
    });
    expect(result.inImage).not.toContainEqual(
      expect.stringContaining('the build writes'),
    );
    expect(result.atStart).toContainEqual(
      expect.stringMatching(/^svc\/handler\.py:6 joblib\.load /),
    );
  });
});

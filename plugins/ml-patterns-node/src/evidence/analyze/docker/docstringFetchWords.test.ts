import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * The start script's docstring names a download (the platform's storage
 * initializer, `snapshot_download`) to say it is not used: a docstring is
 * prose, so it fetches nothing. The model is trained by a build step into
 * the folder the server reads, and nothing mounts over it: Model-in-image.
 */
describe('a start script whose docstring names a download it does not make', () => {
  const tree = (docstring: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /srv
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY fit.py wine_scorer.py .
      RUN mkdir -p /mnt/models && \
          python fit.py && \
          mv forest.joblib /mnt/models/forest.joblib
      ENV MODEL_FILE=/mnt/models/forest.joblib
      ENTRYPOINT ["python", "wine_scorer.py"]
    `,
    'requirements.txt': 'scikit-learn==1.4.2\njoblib==1.4.0\nkserve==0.13.0\n',
    'fit.py': text`
      import joblib
      from sklearn.datasets import load_wine
      from sklearn.ensemble import RandomForestClassifier

      features, labels = load_wine(return_X_y=True)
      joblib.dump(RandomForestClassifier().fit(features, labels), "forest.joblib")
    `,
    'wine_scorer.py': `${docstring}\n${text`
      import os

      import joblib
      from kserve import Model, ModelServer

      MODEL_FILE = os.environ.get("MODEL_FILE", "/mnt/models/forest.joblib")


      class Forest(Model):
          def __init__(self, name):
              """Loads the model; no storage-initializer fills the folder."""
              super().__init__(name)
              self.model = joblib.load(MODEL_FILE)
              self.ready = True

          def predict(self, payload, headers=None):
              return {"predictions": self.model.predict(payload["instances"]).tolist()}


      if __name__ == "__main__":
          ModelServer().start([Forest("wine")])
    `}`,
  });

  it('is Model-in-image: the docstring is not a fetch at start', () => {
    const result = release(
      tree(text`
        """
        Predictor for the wine model.

        The model is trained into the image, so no storage-initializer
        runs and nothing calls snapshot_download( at start.
        """
      `),
    );
    expect(result.atStart).toEqual([]);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([expect.stringMatching(/^Dockerfile:6 /)]);
  });

  it('still finds a download the same words make in code', () => {
    const result = release(
      tree(text`
        from huggingface_hub import snapshot_download

        snapshot_download(repo_id="acme/wine-forest", local_dir="/mnt/models")
      `),
    );
    expect(result.atStart).toContain(
      'wine_scorer.py:3 start-up step downloads the model: huggingface_hub.snapshot_download in wine_scorer.py, run at start by Dockerfile:10',
    );
  });
});

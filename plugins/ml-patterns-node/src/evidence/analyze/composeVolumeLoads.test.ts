import { text } from './__testUtils__/files';
import { releaseOf as release } from './__testUtils__/releaseOf';

/**
 * A service whose code loads its model from a folder a compose volume
 * mounts, with an image that copies no model, gets its model when the
 * container starts (Model-load).
 */
describe('serving code loading its model from a mounted compose volume', () => {
  const service = {
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /srv
      COPY requirements.txt app.py ./
      RUN pip install -r requirements.txt
      CMD ["python", "app.py"]
    `,
    'requirements.txt': 'flask==3.0.0\n',
    'app.py': text`
      import pickle
      from flask import Flask

      app = Flask(__name__)
      MODEL_PATH = "/srv/models/classifier.pkl"

      with open(MODEL_PATH, "rb") as f:
          model = pickle.load(f)

      @app.route("/predict")
      def predict():
          return str(model.predict([[1.0]]))

      if __name__ == "__main__":
          app.run()
    `,
  };

  it('is Model-load, naming the volume line', () => {
    const result = release({
      ...service,
      'docker-compose.yml': text`
        services:
          api:
            build: .
            volumes:
              - trained:/srv/models
        volumes:
          trained:
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'docker-compose.yml:5 compose service api mounts trained at /srv/models, where python app.py loads its model (/srv/models/classifier.pkl): the model is supplied when the container starts',
    ]);
  });

  it('ignores a volume elsewhere', () => {
    const result = release({
      ...service,
      'docker-compose.yml': text`
        services:
          api:
            build: .
            volumes:
              - ./logs:/srv/logs
      `,
    });
    expect(result.atStart).toEqual([]);
  });

  it('gives way to a model copied into the image', () => {
    const result = release({
      ...service,
      'models/classifier.pkl': Buffer.from([0x80, 0x04]),
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY requirements.txt app.py ./
        COPY models/classifier.pkl /srv/models/classifier.pkl
        RUN pip install -r requirements.txt
        CMD ["python", "app.py"]
      `,
      'docker-compose.yml': text`
        services:
          api:
            build: .
            volumes:
              - trained:/srv/models
      `,
    });
    expect(result.pattern).toBe('model-in-image');
  });
});

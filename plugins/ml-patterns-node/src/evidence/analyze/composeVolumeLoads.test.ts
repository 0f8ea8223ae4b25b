import { text } from './__testUtils__/files';
import { analyzeFolderOf } from './__testUtils__/folderOf';
import {
  releaseOf as release,
  releasePatternOf,
} from './__testUtils__/releaseOf';

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

  it('does not count the mount of another service (a trainer writing to the volume)', () => {
    const result = release({
      ...service,
      'trainer/Dockerfile': text`
        FROM python:3.11-slim
        COPY fit.py /job/fit.py
        CMD ["python", "/job/fit.py"]
      `,
      'trainer/fit.py': 'print("fitting")\n',
      'docker-compose.yml': text`
        services:
          trainer:
            build: ./trainer
            volumes:
              - trained:/srv/models
          api:
            build: .
        volumes:
          trained:
      `,
    });
    expect(result.atStart).toEqual([]);
    expect(result.pattern).toBe('unknown');
  });

  it('does not count a service whose Dockerfile starts another process of the folder', () => {
    const result = release({
      ...service,
      'worker.Dockerfile': text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY worker.py .
        CMD ["python", "worker.py"]
      `,
      'worker.py': 'print("draining the queue")\n',
      'docker-compose.yml': text`
        services:
          worker:
            build:
              context: .
              dockerfile: worker.Dockerfile
            volumes:
              - trained:/srv/models
          api:
            build: .
        volumes:
          trained:
      `,
    });
    expect(result.atStart).toEqual([]);
  });
});

/**
 * A compose file in another folder of the repository builds the serving
 * folder and bind-mounts the host's copy of it over the code in the image
 * (a development setup): the container runs the host folder, models
 * included, and the folder git keeps empty is where they are put.
 */
describe('serving code run from a host folder a compose file elsewhere mounts', () => {
  const tree = (kept: boolean) => ({
    'stack/rank/Dockerfile': text`
      FROM python:3.11-slim
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY api /opt/rank/api
      WORKDIR /opt/rank
      CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
    `,
    'stack/rank/requirements.txt': 'transformers==4.41.0\nfastapi==0.111.0\n',
    'stack/rank/api/__init__.py': '',
    'stack/rank/api/main.py': text`
      import os
      from fastapi import FastAPI
      from transformers import pipeline

      app = FastAPI()
      folder = os.path.join(os.getenv("STORE_DIR", "store"), os.environ["RANKER"])
      ranker = pipeline("text-classification", model=folder)

      @app.post("/rank")
      def rank(text: str):
          return ranker(text)
    `,
    ...(kept && { 'stack/rank/store/.gitkeep': '' }),
    'stack/compose/docker-compose.yaml': text`
      services:
        rank:
          build:
            context: ../rank
          env_file:
            - rank.env
          volumes:
            - ../rank:/opt/rank
    `,
  });

  it('is Model-load, naming the mount line of the compose file', () => {
    const result = releasePatternOf(analyzeFolderOf(tree(true), 'stack/rank'));
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      '../compose/docker-compose.yaml:8 compose service rank mounts ../rank at /opt/rank, the host folder of the code that loads its model (api/main.py:7, STORE_DIR), whose store/ git keeps empty for the files put there on the host: the model is supplied when the container starts',
    ]);
  });

  it('says nothing without a folder kept for the models', () => {
    const result = releasePatternOf(analyzeFolderOf(tree(false), 'stack/rank'));
    expect(result.atStart).toEqual([]);
    expect(result.pattern).toBe('unknown');
  });
});

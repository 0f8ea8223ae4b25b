import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * An `if` whose arm returns (`if TARGET == "registry": … return model`)
 * leaves the rest of its function as an implicit `else`: a load in the
 * arm and a load after it are alternatives of one model, as in an
 * `if`/`else`. When the condition is on what a request carries, every
 * arm serves some request: the loads are several models.
 */
describe('loads before and after an if whose arm returns', () => {
  it('counts a registry load and a local fallback as one model', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY shop /shop
        CMD uvicorn shop.web:app --host 0.0.0.0 --port 8080
      `,
      'shop/__init__.py': '',
      'shop/store.py': text`
        import glob
        import os

        import mlflow
        from tensorflow import keras

        def latest_model():
            if os.environ.get("MODEL_SOURCE") == "registry":
                name = os.environ.get("REGISTERED_NAME")
                try:
                    model = mlflow.keras.load_model(f"models:/{name}/Production")
                except Exception:
                    return None
                return model

            found = sorted(glob.glob("saved/*"))
            if not found:
                return None
            return keras.models.load_model(found[-1])
      `,
      'shop/web.py': text`
        from fastapi import FastAPI
        from shop.store import latest_model

        app = FastAPI()
        model = latest_model()

        @app.post("/rank")
        def rank(rows: list):
            return model.predict(rows).tolist()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['shop/store.py:11']);
    expect(notes[0]).toMatch(/loads one model: mlflow\.keras\.load_model/);
  });

  it('counts two models when the request picks the arm', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
      `,
      'api.py': text`
        import joblib
        from fastapi import FastAPI
        from pydantic import BaseModel

        app = FastAPI()

        class Ask(BaseModel):
            size: str
            rows: list

        @app.post("/predict")
        def predict(ask: Ask):
            if ask.size == "small":
                small = joblib.load("models/small.joblib")
                return small.predict(ask.rows).tolist()
            large = joblib.load("models/large.joblib")
            return large.predict(ask.rows).tolist()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'api.py:14', 'api.py:16']);
  });

  it('counts two models when the request picks an arm that loads through a helper', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
      `,
      'api.py': text`
        import joblib
        from fastapi import FastAPI

        app = FastAPI()

        def read(path):
            return joblib.load(path)

        @app.post("/predict")
        def predict(size: str, rows: list):
            if size == "small":
                return read("models/small.joblib").predict(rows).tolist()
            large = joblib.load("models/large.joblib")
            return large.predict(rows).tolist()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'api.py:12', 'api.py:13']);
  });

  const tryTree = (tried: string) => ({
    Dockerfile: text`
      FROM python:3.10-slim
      COPY . /app
      WORKDIR /app
      CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
    `,
    'api.py': text`
      import os
      import joblib
      import mlflow
      from fastapi import FastAPI

      app = FastAPI()

      def open_model():
          try:
              ${tried}
          except Exception:
              print("registry unreachable: the bundled model serves")
          return joblib.load("bundled/model.joblib")

      model = open_model()

      @app.post("/predict")
      def predict(rows: list):
          return model.predict(rows).tolist()
    `,
  });

  it('counts a registry load whose failure falls back to a bundled file as one model', () => {
    const { verdict, at } = allInOne(
      tryTree('return mlflow.pyfunc.load_model(os.environ["MODEL_URI"])'),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:10']);
  });

  it('counts two models when the tried load does not return', () => {
    const { verdict, at } = allInOne(
      tryTree('app.state.drift = joblib.load("drift/detector.joblib")'),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'api.py:10', 'api.py:13']);
  });
});

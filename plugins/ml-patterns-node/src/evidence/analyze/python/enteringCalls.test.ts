import { repo, text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';
import { analyzeRepositoryFiles } from '../index';

/**
 * One model reached through alternative stores: a server that builds an
 * MLflow store or a pickle store, as its configuration says, loads one
 * model whichever store loads it. The stores' classes live in their own
 * modules and load in their own methods; what makes them alternatives is
 * where they are built.
 */

const stores = {
  'stores/registry_store.py': text`
    import os

    import mlflow.pyfunc


    class RegistryStore:
        def __init__(self):
            name = os.environ["MODEL_NAME"]
            self.model = mlflow.pyfunc.load_model(f"models:/{name}/latest")
  `,
  'stores/file_store.py': text`
    import pickle


    class FileStore:
        def __init__(self, path="artifacts/bundle.pickle"):
            self.path = path

        def open(self):
            self.model = self._read(self.path)
            return self

        @staticmethod
        def _read(path):
            with open(path, "rb") as f:
                return pickle.load(f)
  `,
  Dockerfile: text`
    FROM python:3.11-slim
    COPY . /srv
    WORKDIR /srv
    CMD ["uvicorn", "service:app", "--host", "0.0.0.0"]
  `,
};

describe('models reached through alternative stores', () => {
  it('counts one model when configuration chooses which store class is built', () => {
    const { verdict, at, notes } = allInOne({
      ...stores,
      'service.py': text`
        import os

        from fastapi import FastAPI

        from stores.file_store import FileStore
        from stores.registry_store import RegistryStore

        BACKEND = os.getenv("MODEL_BACKEND", "registry")
        if BACKEND == "registry":
            store = RegistryStore()
        elif BACKEND == "file":
            store = FileStore().open()
        else:
            raise ValueError(BACKEND)

        app = FastAPI()


        @app.post("/predict")
        def predict(rows: list[dict]):
            return store.model.predict(rows).tolist()
      `,
    });
    expect(verdict).toBe('pass');
    // The one model, named where the store the configuration may choose is built.
    expect(at).toEqual(['service.py:12']);
    expect(notes[0]).toMatch(
      /loads one model: pickle.load loads artifacts\/bundle.pickle$/,
    );
  });

  it('still counts two models when the server builds both stores', () => {
    const { verdict, at } = allInOne({
      ...stores,
      'service.py': text`
        import os

        from fastapi import FastAPI

        from stores.file_store import FileStore
        from stores.registry_store import RegistryStore

        ranker = RegistryStore()
        scorer = FileStore().open()
        app = FastAPI()


        @app.post("/predict")
        def predict(rows: list[dict]):
            return scorer.model.predict(ranker.model.predict(rows)).tolist()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(
      expect.arrayContaining(['service.py:9', 'stores/registry_store.py:9']),
    );
  });

  it('keeps both stores when each endpoint asks a factory for its own', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        ...stores,
        'service.py': text`
          from fastapi import FastAPI

          from stores.file_store import FileStore
          from stores.registry_store import RegistryStore

          app = FastAPI()


          def store_for(kind):
              if kind == "registry":
                  return RegistryStore()
              else:
                  return FileStore().open()


          @app.post("/rank")
          def rank(rows: list[dict]):
              return store_for("registry").model.predict(rows).tolist()


          @app.post("/score")
          def score(rows: list[dict]):
              return store_for("file").model.predict(rows).tolist()
        `,
      }),
    );
    const [process] = evidence.servingProcesses ?? [];
    expect(process.models.map(m => `${m.path}:${m.line}`)).toEqual([
      'service.py:13',
      'stores/registry_store.py:9',
    ]);
  });
});

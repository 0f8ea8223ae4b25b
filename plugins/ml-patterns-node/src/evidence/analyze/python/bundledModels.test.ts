import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Separately trained models, each saved as a bundle of the model and its
 * settings (`state["model"]`, `state["state_dict"]`) and loaded by a class
 * of its own module, all built by one processor object at start: each
 * bundle is a model, whatever the processor holding them is called.
 */
describe('models saved as bundles and loaded by a processor', () => {
  const files = {
    Dockerfile: text`
      FROM python:3.11-slim
      COPY app/ app/
      CMD ["uvicorn", "app.api:app", "--host", "0.0.0.0"]
    `,
    'app/forest.py': text`
      import joblib

      class ForestScorer:
          @classmethod
          def load(cls, path):
              state = joblib.load(path)
              obj = cls()
              obj._model = state["model"]
              obj._columns = state.get("columns", [])
              return obj
    `,
    'app/autoencoder.py': text`
      import torch

      class Autoencoder:
          @classmethod
          def load(cls, path):
              state = torch.load(path, map_location="cpu")
              obj = cls()
              obj._net.load_state_dict(state["state_dict"])
              obj._cutoff = state["cutoff"]
              return obj
    `,
    'app/pipeline.py': text`
      from pathlib import Path
      from app.forest import ForestScorer
      from app.autoencoder import Autoencoder

      class RiskProcessor:
          def __init__(self, folder="artifacts"):
              base = Path(folder)
              self._forest = ForestScorer.load(base / "forest.joblib")
              self._ae = Autoencoder.load(base / "autoencoder.pt")

          def score(self, row):
              return self._forest.score(row) + self._ae.score(row)
    `,
    'app/api.py': text`
      from fastapi import FastAPI
      from app.pipeline import RiskProcessor

      app = FastAPI()
      risk_processor = None

      @app.on_event("startup")
      def start():
          global risk_processor
          risk_processor = RiskProcessor()

      @app.post("/score")
      def score(row: dict):
          return {"risk": risk_processor.score(row)}
    `,
  };

  it('counts a forest and an autoencoder read from their bundles as two models', () => {
    const { verdict, at, notes } = allInOne(files);
    expect(verdict).toBe('fail');
    expect(notes[0]).toBe(
      'uvicorn app.api:app --host 0.0.0.0 loads 2 distinct models',
    );
    expect(at).toEqual(['Dockerfile:3', 'app/api.py:10', 'app/api.py:10']);
    expect(notes.slice(1).sort()).toEqual([
      'joblib.load loads artifacts/forest.joblib',
      'torch.load loads artifacts/autoencoder.pt',
    ]);
  });

  it('keeps a bundle read only for its settings a companion', () => {
    const { verdict, at } = allInOne({
      ...files,
      'app/forest.py': text`
        import joblib

        class ForestScorer:
            @classmethod
            def load(cls, path):
                state = joblib.load(path)
                obj = cls()
                obj._weights = state.get("blend", 0.5)
                obj._columns = state["columns"]
                return obj
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['app/api.py:10']);
  });
});

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A server loading models in a loop holds as many models as the loop goes
 * through: a registry written in the code counts the entries that are
 * there (the ones commented out are not), and a list read from a
 * configuration file holds several.
 */

const dockerfile = text`
  FROM python:3.11-slim
  COPY . /srv
  WORKDIR /srv
  CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
`;

const api = text`
  from fastapi import FastAPI

  from registry import load_all

  models = load_all()
  app = FastAPI()


  @app.post("/predict")
  def predict(rows: list[dict]):
      return models["churn"]["model"].predict(rows).tolist()
`;

describe('models loaded in a loop', () => {
  it('counts one model for a registry written in the code with one active entry', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: dockerfile,
      'api.py': api,
      'registry.py': text`
        import joblib

        MODELS = {
            # "forest": {"file": "forest.pkl"},
            # "knn": {"file": "knn.pkl"},
            "churn": {"file": "churn_stack.pkl"},
        }


        def load_all():
            for entry in MODELS.values():
                entry["model"] = joblib.load(f"artifacts/{entry['file']}")
            return MODELS
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['registry.py:12']);
    expect(notes[0]).toBe(
      'uvicorn api:app --host 0.0.0.0 loads one model: joblib.load loads artifacts/churn_stack.pkl',
    );
  });

  it('counts several models for a registry written in the code with two entries', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: dockerfile,
      'api.py': api,
      'registry.py': text`
        import joblib

        MODELS = [
            {"name": "churn", "file": "churn_stack.pkl"},
            {"name": "upsell", "file": "upsell_gbm.pkl"},
        ]


        def load_all():
            return {m["name"]: {"model": joblib.load(m["file"])} for m in MODELS}
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toContain('registry.py:10');
    expect(notes[1]).toMatch(/^joblib.load loads several models: /);
  });

  it('counts several models for every entry of a configuration file the server loads', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: dockerfile,
      'api.py': text`
        from fastapi import FastAPI

        from detectors import load_detectors

        detectors = load_detectors("settings/detectors.json")
        app = FastAPI()
      `,
      'detectors.py': text`
        import json
        import os

        from ultralytics import YOLO


        def build(spec, folder):
            loaded = {}
            for entry in spec["detectors"]:
                if entry["enabled"]:
                    weights = os.path.join(folder, f"{entry['name']}.pt")
                    loaded[entry["name"]] = YOLO(weights)
            return loaded


        def load_detectors(path):
            with open(path) as f:
                spec = json.load(f)
            return build(spec, "weights")
      `,
      'settings/detectors.json': text`
        {"detectors": [{"name": "helmet", "enabled": true},
                       {"name": "vest", "enabled": true}]}
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'detectors.py:19']);
    expect(notes[1]).toMatch(/^ultralytics.YOLO loads several models: /);
  });
});

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Two weight files named by two configuration entries and loaded in one
 * process are two models, even when each path is fetched into a model
 * folder first: what the configuration object is called (`config`,
 * `settings.models`) says nothing about whether the file is a companion.
 */
describe('weights named by configuration entries', () => {
  it('counts two detectors whose fetched weights two config entries name', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.12-slim
        COPY src /app/src
        WORKDIR /app/src
        CMD ["uvicorn", "server:app", "--host", "0.0.0.0"]
      `,
      'src/fetch.py': text`
        from pathlib import Path

        import requests


        def fetch(url, folder: Path) -> Path:
            dest = folder / Path(url.path).name
            if not dest.exists():
                dest.write_bytes(requests.get(str(url), timeout=60).content)
            return dest
      `,
      'src/server.py': text`
        from contextlib import asynccontextmanager

        from fastapi import FastAPI
        from ultralytics import YOLO

        from fetch import fetch
        from settings import load_config, MODEL_DIR


        @asynccontextmanager
        async def lifespan(app: FastAPI):
            config = load_config()
            people = fetch(config.models.person_detector, MODEL_DIR)
            faces = fetch(config.models.face_detector, MODEL_DIR)
            app.state.people = YOLO(str(people))
            app.state.faces = YOLO(str(faces))
            yield


        app = FastAPI(lifespan=lifespan)
      `,
      'src/settings.py': text`
        import os
        from pathlib import Path

        import yaml

        MODEL_DIR = Path(os.getenv("MODEL_DIR", "/models"))


        def load_config():
            with open(os.environ["CONFIG_FILE"]) as f:
                return yaml.safe_load(f)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:4',
      'src/server.py:15',
      'src/server.py:16',
    ]);
    expect(notes.slice(1)).toEqual([
      'ultralytics.YOLO loads /models/{config.models.person_detector.path.name}',
      'ultralytics.YOLO loads /models/{config.models.face_detector.path.name}',
    ]);
  });

  it('reads a configuration entry by the part that names the artifact, not by where it is', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.12-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
      `,
      'api.py': text`
        import os

        import joblib
        import yaml
        from fastapi import FastAPI

        from scoring import score

        with open(os.environ["CONFIG_FILE"]) as f:
            cfg = yaml.safe_load(f)
        estimator = joblib.load(cfg["churn"]["path"])
        prep = joblib.load(cfg["scaler"]["path"])
        app = FastAPI()


        @app.post("/score")
        def post(rows: list[dict]):
            return score(estimator, prep, rows)
      `,
      'scoring.py': text`
        def score(estimator, prep, rows):
            return estimator.predict(prep.transform(rows)).tolist()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:11']);
    expect(notes[0]).toBe(
      'uvicorn api:app --host 0.0.0.0 loads one model: joblib.load loads cfg["churn"]["path"] (with cfg["scaler"]["path"])',
    );
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server that fetches its model from Weights & Biases when it starts
 * (`run.use_artifact(NAME).download()`, `wandb.Api().artifact(NAME)`) and
 * loads it from the folder fetched, with an image holding only code, is
 * released by Model-load.
 */

const tree = (server: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY app/ ./app/
    CMD ["uvicorn", "app.server:app", "--host", "0.0.0.0"]
  `,
  'requirements.txt': 'fastapi\nwandb\nlightgbm\n',
  'app/__init__.py': '',
  'app/settings.py': text`
    import os

    ARTIFACT = os.environ["SCORER_ARTIFACT"]
    CACHE = "/tmp/scorer"
  `,
  'app/server.py': server,
});

describe('models fetched from Weights & Biases artifacts', () => {
  it('reads a run artifact downloaded in a FastAPI lifespan as a load at start', () => {
    const { pattern, atStart } = releaseOf(
      tree(text`
        from contextlib import asynccontextmanager
        from pathlib import Path

        import lightgbm
        import wandb
        from fastapi import FastAPI

        from app.settings import ARTIFACT, CACHE

        booster = None


        @asynccontextmanager
        async def lifespan(_: FastAPI):
            global booster
            run = wandb.init(job_type="serve")
            artifact = run.use_artifact(ARTIFACT, aliases=["live"])
            folder = artifact.download(root=CACHE)
            booster = lightgbm.Booster(model_file=str(Path(folder) / "scorer.txt"))
            yield


        app = FastAPI(lifespan=lifespan)


        @app.post("/score")
        def score(rows: list[list[float]]):
            return booster.predict(rows).tolist()
      `),
    );
    expect(pattern).toBe('model-load');
    // The artifact's name is read from the environment.
    expect(atStart).toEqual([
      'app/server.py:19 lightgbm.Booster downloads SCORER_ARTIFACT',
    ]);
  });

  it('reads a public-API artifact fetched at import as a load at start', () => {
    const { pattern, atStart } = releaseOf(
      tree(text`
        import os

        import joblib
        import wandb
        from fastapi import FastAPI

        folder = wandb.Api().artifact("team/churn/scorer:prod").download()
        model = joblib.load(os.path.join(folder, "scorer.joblib"))
        app = FastAPI()


        @app.post("/score")
        def score(rows: list[list[float]]):
            return model.predict(rows).tolist()
      `),
    );
    expect(pattern).toBe('model-load');
    expect(atStart).toEqual([
      'app/server.py:8 joblib.load downloads wandb-artifact:/team/churn/scorer:prod/scorer.joblib',
    ]);
  });

  it('does not read an artifact of a module without wandb as one', () => {
    const { pattern } = releaseOf(
      tree(text`
        import os

        import joblib
        from fastapi import FastAPI

        from app.store import store

        folder = store.artifact("scorer").download()
        model = joblib.load(os.path.join(folder, "scorer.joblib"))
        app = FastAPI()
      `),
    );
    expect(pattern).not.toBe('model-load');
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A serving process that fetches its model lazily, the first time a
 * request handler needs it, is still Model-load; the evidence says the
 * model arrives on the first request (naming the handler), not when the
 * server starts. A fetch called at import or from a start-up hook keeps
 * saying it happens at start.
 */

const image = text`
  FROM python:3.11-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  COPY api/ api/
  CMD ["uvicorn", "api.main:app", "--port", "8080"]
`;

const scorer = text`
  import os
  import joblib
  from urllib.request import urlretrieve

  _model = None

  def scorer():
      global _model
      if _model is None:
          urlretrieve(os.environ["MODEL_URL"], "/tmp/ranker.joblib")
          _model = joblib.load("/tmp/ranker.joblib")
      return _model
`;

const files = (main: string) => ({
  Dockerfile: image,
  'requirements.txt': 'fastapi==0.115.0\njoblib==1.4.2\n',
  'api/__init__.py': '',
  'api/scoring.py': scorer,
  'api/main.py': main,
});

describe('a model the serving code fetches', () => {
  it('says the fetch runs on the first request when only a request handler calls it', () => {
    const result = releaseOf(
      files(text`
        from fastapi import FastAPI
        from api.scoring import scorer

        app = FastAPI()

        @app.post("/rank")
        def rank(rows: list[list[float]]):
            return scorer().predict(rows).tolist()
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'api/scoring.py:11 joblib.load loads /tmp/ranker.joblib, which urllib.request.urlretrieve at api/scoring.py:10 fetches over the network on the first request it serves (from the request handler at api/main.py:7), not when the server starts',
    ]);
  });

  it('says the fetch runs when the server starts when the module calls it at import', () => {
    const result = releaseOf(
      files(text`
        from fastapi import FastAPI
        from api.scoring import scorer

        app = FastAPI()
        model = scorer()

        @app.post("/rank")
        def rank(rows: list[list[float]]):
            return scorer().predict(rows).tolist()
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'api/scoring.py:11 joblib.load loads /tmp/ranker.joblib, which urllib.request.urlretrieve at api/scoring.py:10 fetches over the network when the server starts',
    ]);
  });

  it('says the fetch runs when the server starts when a start-up hook calls it', () => {
    const result = releaseOf(
      files(text`
        from fastapi import FastAPI
        from api.scoring import scorer

        app = FastAPI()

        @app.on_event("startup")
        def warm():
            scorer()

        @app.post("/rank")
        def rank(rows: list[list[float]]):
            return scorer().predict(rows).tolist()
      `),
    );
    expect(result.atStart).toEqual([
      'api/scoring.py:11 joblib.load loads /tmp/ranker.joblib, which urllib.request.urlretrieve at api/scoring.py:10 fetches over the network when the server starts',
    ]);
  });

  it('says a download tool the process runs from a request handler fetches on the first request', () => {
    const result = releaseOf({
      Dockerfile: image,
      'requirements.txt': 'fastapi==0.115.0\n',
      'api/__init__.py': '',
      'api/main.py': text`
        import os
        import subprocess
        from fastapi import FastAPI

        app = FastAPI()

        def ensure_model():
            if not os.path.exists("/models/ready"):
                subprocess.run("aws s3 sync s3://team-models/ranker /models", shell=True, check=True)

        @app.post("/rank")
        def rank(rows: list[list[float]]):
            ensure_model()
            return {"rows": len(rows)}
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^api\/main\.py:9 .* in the code the serving process \(uvicorn api\.main:app --port 8080\) runs: it fetches the model on the first request it serves \(from the request handler at api\/main\.py:12\), not when the server starts$/,
      ),
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server that loads, per request, the registered model the request
 * names (`f"models:/{name}/Staging"`): the name is known only at run
 * time, but the address says the model comes from the registry, not from
 * the image.
 */

const files = (load: string) => ({
  'compose.yaml': text`
    services:
      api:
        build:
          context: .
          dockerfile: api/Dockerfile
        volumes:
          - ./registry:/registry
  `,
  'api/Dockerfile': text`
    FROM python:3.11-slim
    COPY api/requirements.txt /api/requirements.txt
    RUN pip install -r /api/requirements.txt
    COPY api /api
    CMD ["uvicorn", "api.server:app", "--host", "0.0.0.0"]
  `,
  'api/requirements.txt': 'mlflow==2.16.2\nfastapi==0.115.0\nuvicorn==0.30.6\n',
  'api/server.py': text`
    import mlflow
    from fastapi import FastAPI
    from pydantic import BaseModel

    mlflow.set_tracking_uri("sqlite:////registry/runs.db")
    app = FastAPI()

    class Query(BaseModel):
        regressor: str
        rows: list

    @app.post("/score")
    def score(query: Query):
        chosen = query.regressor
        model = ${load}
        return {"scores": model.predict(query.rows).tolist()}
  `,
});

describe('registry loads of a model a request names', () => {
  it('is Model-load in a repository: the server fetches the named model from the registry', () => {
    const result = releaseOf(
      files('mlflow.pyfunc.load_model(f"models:/{chosen}/Staging")'),
      'repository',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'api/server.py:15 mlflow.pyfunc.load_model downloads models:/{chosen}/Staging on the first request it serves (from the request handler at api/server.py:13), not when the server starts',
    ]);
  });

  it('stays without a release pattern when the request names a local file', () => {
    const result = releaseOf(
      files('mlflow.pyfunc.load_model(f"/registry/{chosen}")'),
      'repository',
    );
    expect(result.pattern).toBe('not-applicable');
    expect(result.atStart).toEqual([]);
  });
});

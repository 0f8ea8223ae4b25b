import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A registry URI put together from its name and a version number
 * (`"models:/churn/" + str(VERSION)`): the number
 * reads as no name, but the URI's scheme already says where the model
 * comes from, so the load fetches it when it runs. The image copies only
 * code.
 */

const dockerfile = text`
  FROM python:3.12-slim
  RUN pip install fastapi==0.115.0 mlflow==2.17.0
  COPY . .
  CMD ["fastapi", "run", "service.py", "--port", "8000"]
`;

const registry = (uri: string) => text`
  import mlflow

  def fetch(version):
      mlflow.set_tracking_uri("http://tracking.internal:5000")
      return mlflow.pyfunc.load_model(${uri})
`;

const service = text`
  from fastapi import FastAPI
  import registry

  app = FastAPI()
  VERSION = 4
  model = registry.fetch(VERSION)

  @app.post("/score")
  def score(rows: list):
      return {"scores": model.predict(rows).tolist()}
`;

describe('a registry URI ending in a version number', () => {
  it('is Model-load: the evidence names the load the service runs', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'registry.py': registry('"models:/churn/" + str(version)'),
      'service.py': service,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'service.py:6 mlflow.pyfunc.load_model downloads models:/churn/{number}',
    ]);
  });

  it('does not take a number in a local path for a URI', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'registry.py': registry('"exports/churn-" + str(version)'),
      'service.py': service,
    });
    expect(result.atStart).toEqual([]);
  });
});

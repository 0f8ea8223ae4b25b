import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A server module that keeps an older loader function nobody calls any
 * more (its one call is commented out) and loads its model at import
 * time: only the import-time load runs, so it serves one model.
 */
describe('loads in a function that nothing calls', () => {
  const tree = (moduleEnd: string, extra: Record<string, string> = {}) => ({
    Dockerfile: text`
      FROM python:3.12-slim
      COPY web web/
      WORKDIR /web
      CMD ["gunicorn", "main:app"]
    `,
    'web/main.py': text`
      import mlflow
      from flask import Flask

      def fetch_old(name, stage):
          uri = f"models:/{name}/{stage}"
          return mlflow.pyfunc.load_model(uri)

      # legacy = fetch_old("forecaster", "Production")

      app = Flask(__name__)
      current = mlflow.pyfunc.load_model("models:/ranker/3")
      ${moduleEnd}
    `,
    ...extra,
  });

  it('counts only the load that runs', () => {
    const { verdict, at } = allInOne(tree(''));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['web/main.py:11']);
  });

  it('counts the function once it is called', () => {
    const { verdict, at } = allInOne(
      tree('legacy = fetch_old("forecaster", "Production")'),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'web/main.py:12', 'web/main.py:11']);
  });

  it('counts the function when a file of the tree names it for a runner', () => {
    const { verdict } = allInOne(
      tree('', { 'web/jobs.yaml': 'warmup: main:fetch_old\n' }),
    );
    expect(verdict).toBe('fail');
  });
});

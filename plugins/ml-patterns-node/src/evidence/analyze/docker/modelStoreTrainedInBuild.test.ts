import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A build step trains a model into the image's BentoML model store: the
 * project's environment runner (`poetry run`, `uv run`) starts a module of
 * an installed package (`python -m pkg.fit`), which saves the model under
 * a store name (`bentoml.sklearn.save_model("name", …)`), and the service
 * reads that name from the store when it starts. The trained model is a
 * layer of the image though git never holds it.
 */
describe('a model a build step saves into the BentoML model store', () => {
  const fit = text`
    import bentoml
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge

    def fit():
        features, target = load_diabetes(return_X_y=True)
        bentoml.sklearn.save_model("progression", Ridge().fit(features, target))

    if __name__ == "__main__":
        fit()
  `;
  const service = (name: string) => text`
    import bentoml
    import numpy as np

    ridge = bentoml.sklearn.load_model("${name}")

    @bentoml.service
    class Progression:
        @bentoml.api
        def predict(self, rows: np.ndarray) -> np.ndarray:
            return ridge.predict(rows)
  `;
  const dockerfile = (runner: string) => text`
    FROM python:3.12-slim
    WORKDIR /srv
    COPY pyproject.toml poetry.lock ./
    COPY src ./src
    RUN pip install poetry uv && poetry install
    RUN ${runner} python -m clinic.fit
    CMD ["bentoml", "serve", "src/clinic/service.py:Progression"]
  `;
  const tree = (runner: string, loaded: string) => ({
    Dockerfile: dockerfile(runner),
    'pyproject.toml':
      '[tool.poetry]\nname = "clinic"\npackages = [{ include = "clinic", from = "src" }]\n',
    'poetry.lock': '# lock\n',
    'src/clinic/__init__.py': '',
    'src/clinic/fit.py': fit,
    'src/clinic/service.py': service(loaded),
  });

  it.each(['poetry run', 'uv run --frozen'])(
    'is Model-in-image when the step runs the module through `%s`',
    runner => {
      const result = release(tree(runner, 'progression'));
      expect(result.pattern).toBe('model-in-image');
      expect(result.atStart).toEqual([]);
      expect(result.inImage).toEqual([
        'Dockerfile:6 model into image (download-in-build): the build runs src/clinic/fit.py, which saves progression (src/clinic/fit.py:7: bentoml.sklearn.save_model), the file src/clinic/service.py:4 loads (bentoml.sklearn.load_model)',
      ]);
    },
  );

  it('is not the served model when the service reads another store entry', () => {
    const result = release(tree('poetry run', 'imported-elsewhere'));
    expect(result.inImage).toEqual([]);
  });
});

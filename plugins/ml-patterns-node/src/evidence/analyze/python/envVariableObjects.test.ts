import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A model path read from the environment through an object that names the
 * variable (`Var("MODELS_DIR", "/mnt/models").get()`): the variable and its
 * default decide, as `os.environ.get` would.
 */

const image = text`
  FROM python:3.11-slim
  WORKDIR /app
  RUN pip install kserve==0.13.0 joblib==1.4.2
  COPY predictor.py settings.py ./
  CMD ["python", "predictor.py"]
`;

describe('an environment variable read through an object of the project', () => {
  it('reads the default of a project class whose get() reads the environment', () => {
    const result = releaseOf({
      Dockerfile: image,
      'settings.py': text`
        import os

        class Var:
            def __init__(self, name, default):
                self.name = name
                self.default = default

            def get(self):
                return os.environ.get(self.name, self.default)

        MODELS_DIR = Var("MODELS_DIR", "/mnt/models")
      `,
      'predictor.py': text`
        import joblib
        from kserve import Model, ModelServer
        from settings import MODELS_DIR

        class Scorer(Model):
            def __init__(self, name, model_dir):
                super().__init__(name)
                self.model = joblib.load(f"{model_dir}/model.joblib")

        if __name__ == "__main__":
            ModelServer().start([Scorer("scorer", MODELS_DIR.get())])
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'predictor.py:11 joblib.load downloads MODELS_DIR',
    ]);
    expect(result.inImage).toEqual([]);
  });

  it('reads a library’s environment variable object the same way', () => {
    const result = releaseOf({
      Dockerfile: image.replace('settings.py ', ''),
      'predictor.py': text`
        import joblib
        from kserve import Model, ModelServer
        from mlflow.environment_variables import _EnvironmentVariable

        MODELS_DIR = _EnvironmentVariable("MODELS_DIR", str, "/mnt/models")

        class Scorer(Model):
            def __init__(self, name, model_dir):
                super().__init__(name)
                self.model = joblib.load(f"{model_dir}/model.joblib")

        if __name__ == "__main__":
            ModelServer().start([Scorer("scorer", MODELS_DIR.get())])
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'predictor.py:13 joblib.load downloads MODELS_DIR',
    ]);
  });

  it('is not a context variable', () => {
    const result = releaseOf({
      Dockerfile: image.replace('settings.py ', ''),
      'predictor.py': text`
        import joblib
        from contextvars import ContextVar
        from kserve import Model, ModelServer

        MODELS_DIR = ContextVar("MODELS_DIR", default="/mnt/models")

        class Scorer(Model):
            def __init__(self, name, model_dir):
                super().__init__(name)
                self.model = joblib.load(f"{model_dir}/model.joblib")

        if __name__ == "__main__":
            ModelServer().start([Scorer("scorer", MODELS_DIR.get())])
      `,
    });
    expect(result.atStart).toEqual([]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * The image is built for one model file, named by a build argument the
 * server reads from its environment, and copies the folder a training run
 * writes that file to (git keeps it out): the server reads the model the
 * image was built with.
 */

const files: Record<string, string> = {
  'build/Dockerfile': text`
    FROM python:3.12-slim
    ARG MODEL_FILE
    ENV MODEL_FILE=$MODEL_FILE
    WORKDIR /srv
    RUN pip install fastapi==0.115.0 uvicorn==0.30.0 joblib==1.4.2
    COPY api ./api
    COPY ./exports ./exports
    CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
  `,
  '.gitignore': '__pycache__/\nexports\n',
  'api/__init__.py': '',
  'api/main.py': text`
    import os
    from pathlib import Path

    import joblib
    from fastapi import FastAPI

    app = FastAPI()
    model = joblib.load(Path(f"exports/{os.environ['MODEL_FILE']}"))

    @app.post("/predict")
    def predict(rows: list):
        return {"values": model.predict(rows).tolist()}
  `,
  'training/fit.py': text`
    import joblib
    from sklearn.linear_model import Ridge

    joblib.dump(Ridge().fit([[0], [1]], [0, 1]), "exports/ridge.joblib")
  `,
};

describe('a copied folder holding the model file configuration names', () => {
  it('is Model-in-image on weaker evidence, naming the COPY, the load and the .gitignore line', () => {
    const result = releaseOf(files);
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'build/Dockerfile:7 model into image (directory): ./exports → /srv/exports, where api/main.py:8 loads exports/{MODEL_FILE} (weaker evidence: exports is not in the repository, .gitignore:2 keeps it out of git, so the model is in the image only if it is put in the build context before the build)',
    ]);
  });

  it('takes a folder the COPY names and git does not hold, ignored or not', () => {
    const result = releaseOf({ ...files, '.gitignore': '__pycache__/\n' });
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^build\/Dockerfile:7 .*exports is not in the repository, so the model/,
      ),
    ]);
  });

  it('does not take a folder of code the repository holds', () => {
    const result = releaseOf({
      ...files,
      '.gitignore': '__pycache__/\n',
      'exports/__init__.py': '',
      'exports/formats.py': 'FORMATS = ["joblib"]\n',
    });
    expect(result.inImage).toEqual([]);
  });

  it('finds nothing when the image does not copy the folder', () => {
    const result = releaseOf({
      ...files,
      'build/Dockerfile': files['build/Dockerfile'].replace(
        'COPY ./exports ./exports\n',
        '',
      ),
    });
    expect(result.inImage).toEqual([]);
  });
});

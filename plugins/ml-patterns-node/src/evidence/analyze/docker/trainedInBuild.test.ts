import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A model made by a build step — a script of the repository run with
 * `RUN python …` that saves the file the server loads — is in the image,
 * even when the step runs in an earlier stage whose output reaches the
 * final image through `COPY --from` of whole folders, and git never holds
 * the file.
 */
describe('a model a build step saves for the server', () => {
  const fit = text`
    import joblib
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier

    def main():
        features, labels = load_wine(return_X_y=True)
        forest = RandomForestClassifier().fit(features, labels)
        joblib.dump(forest, "wine-forest.joblib")

    if __name__ == "__main__":
        main()
  `;
  const serve = text`
    import joblib
    from flask import Flask, jsonify, request

    app = Flask(__name__)
    forest = joblib.load("wine-forest.joblib")

    @app.post("/predict")
    def predict():
        return jsonify(forest.predict(request.json["rows"]).tolist())
  `;

  it('follows the saved file through the stages into the final image', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim AS fit
        COPY . /work
        WORKDIR /work
        RUN pip install -r requirements.txt && python fit_forest.py
        RUN mkdir -p /stage/app && cp -r /work/* /stage/app/

        FROM python:3.11-slim AS bundle
        COPY --from=fit /stage /stage

        FROM python:3.11-slim
        COPY --from=bundle /stage /
        WORKDIR /app
        RUN pip install -r requirements.txt
        CMD ["gunicorn", "serve:app"]
      `,
      'requirements.txt':
        'scikit-learn==1.5.0\nflask==3.0.3\ngunicorn==22.0.0\n',
      'fit_forest.py': fit,
      'serve.py': serve,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (download-in-build): the build runs fit_forest.py, which saves wine-forest.joblib (fit_forest.py:8: joblib.dump), the file serve.py:5 loads (joblib.load)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('follows a COPY --from of the folder a builder stage’s script saves into, its name taken from configuration', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim AS fit
        WORKDIR /work
        COPY . .
        RUN pip install -r requirements.txt && python jobs/refit.py

        FROM python:3.11-slim
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY api/ api/
        COPY --from=fit /work/out /srv/out
        CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt':
        'scikit-learn==1.5.0\nfastapi==0.111.0\nuvicorn==0.30.1\n',
      'jobs/refit.py': text`
        import os
        import joblib
        from sklearn.linear_model import Ridge

        OUT = os.getenv("OUT_DIR", "out")
        joblib.dump(Ridge().fit([[0.0], [1.0]], [0.0, 1.0]), os.path.join(OUT, "ridge.joblib"))
      `,
      'api/__init__.py': '',
      'api/main.py': text`
        import os
        import joblib
        from fastapi import FastAPI

        app = FastAPI()
        ridge = joblib.load(os.path.join(os.getenv("OUT_DIR", "/srv/out"), "ridge.joblib"))

        @app.get("/predict")
        def predict(x: float):
            return float(ridge.predict([[x]])[0])
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:11 model into image (stage): fit:/work/out',
    ]);
  });

  it('leaves out a stage the final image takes nothing from', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim AS check
        COPY . /work
        WORKDIR /work
        RUN pip install -r requirements.txt && python fit_forest.py

        FROM python:3.11-slim
        WORKDIR /app
        COPY requirements.txt serve.py ./
        RUN pip install -r requirements.txt
        CMD ["gunicorn", "serve:app"]
      `,
      'requirements.txt':
        'scikit-learn==1.5.0\nflask==3.0.3\ngunicorn==22.0.0\n',
      'fit_forest.py': fit,
      'serve.py': serve,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('unknown');
  });

  it('reads a file opened for pickle.dump, and a load through scikit-learn’s vendored joblib', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.8-slim
        WORKDIR /srv
        COPY . .
        RUN pip install -r requirements.txt
        RUN python build_model.py
        CMD ["python", "serve.py"]
      `,
      'requirements.txt': 'scikit-learn==0.22.2\nflask==1.1.2\n',
      'build_model.py': text`
        import pickle
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
        with open("churn.sav", "wb") as out:
            pickle.dump(model, out)
      `,
      'serve.py': text`
        from flask import Flask
        from sklearn.externals import joblib

        app = Flask(__name__)
        model = joblib.load("churn.sav")

        @app.route("/score")
        def score():
            return str(model.predict([[0.5]])[0])

        if __name__ == "__main__":
            app.run()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (download-in-build): the build runs build_model.py, which saves churn.sav (build_model.py:6: pickle.dump), the file serve.py:5 loads (joblib.load)',
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Counting models by what the code does with what it loads: two
 * pipelines of different tasks are two models, a fitted preprocessing step
 * whose output only feeds another object's `predict` is that model's
 * companion, and a pickle only indexed like a mapping is data.
 */

describe('model count from how loads are used', () => {
  it('counts two pipelines of different tasks as two models, even when one is named only at run time', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["python", "ui.py"]
      `,
      'ui.py': text`
        import gradio as gr
        from transformers import pipeline

        def answer(question, checkpoint):
            reader = pipeline("question-answering", model=checkpoint)
            found = reader(question=question, context="...")
            tagger = pipeline("ner", model="acme/ner-small")
            return found, tagger(found["answer"])

        demo = gr.Interface(fn=answer, inputs=["text", "text"], outputs="json")
        demo.launch()
      `,
    });
    expect(verdict).toBe('fail');
    expect(notes[0]).toBe('python ui.py loads 2 distinct models');
    expect(at).toEqual(['Dockerfile:4', 'ui.py:5', 'ui.py:7']);
  });

  it('keeps a pipeline named only at run time and a named pipeline of the same task one model', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        CMD ["python", "ui.py"]
      `,
      'ui.py': text`
        import gradio as gr
        from transformers import pipeline

        def answer(question, checkpoint):
            reader = pipeline("question-answering", model=checkpoint)
            return reader(question=question, context="...")

        default = pipeline("question-answering", model="acme/qa-small")
        demo = gr.Interface(fn=answer, inputs=["text", "text"], outputs="json")
        demo.launch()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['ui.py:5']);
  });

  it('counts encoders whose output is written into the columns of the frame a classifier predicts on as its companions', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /svc
        WORKDIR /svc
        CMD ["gunicorn", "-b", "0.0.0.0:8080", "api:app"]
      `,
      'api.py': text`
        import pickle
        import pandas as pd
        from flask import Flask, request, jsonify

        app = Flask(__name__)

        @app.route("/score", methods=["POST"])
        def score():
            frame = pd.DataFrame([request.json])
            for column in ["plan", "region"]:
                encoder = pickle.load(open("artifacts/" + column + "_enc.pkl", "rb"))
                frame[column] = encoder.transform(frame[column])
            churn = pickle.load(open("artifacts/churn.pkl", "rb"))
            return jsonify(int(churn.predict(frame.values)[0]))
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:13']);
    expect(notes[0]).toContain('transforms the input of churn at api.py:14');
  });

  it("counts pickled text features chained in front of a classifier as that classifier's companions, whatever their files are called", () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY . /api
        WORKDIR /api
        ENTRYPOINT ["flask", "run", "--host=0.0.0.0"]
      `,
      'app.py': text`
        import pickle
        from flask import Flask, request, jsonify

        app = Flask(__name__)
        app.clf = pickle.load(open("spam.pickle", "rb"))
        app.counts = pickle.load(open("stage1.pickle", "rb"))
        app.weights = pickle.load(open("stage2.pickle", "rb"))

        @app.route("/score", methods=["POST"])
        def score():
            words = [request.json["text"]]
            counted = app.counts.transform(words)
            weighted = app.weights.transform(counted)
            return jsonify(spam=int(app.clf.predict(weighted)[0]))
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['app.py:5']);
    expect(notes[0]).toBe(
      'flask run --host=0.0.0.0 loads one model: pickle.load loads spam.pickle (with stage1.pickle, which transforms the input of app.clf at app.py:14, stage2.pickle, which transforms the input of app.clf at app.py:14)',
    );
  });

  it('counts a model-named pickle handed to a featurising helper whose output the classifier predicts on as a companion', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY serve.py /srv/
        CMD ["python", "/srv/serve.py"]
      `,
      'serve.py': text`
        import joblib
        import pickle
        from flask import Flask, request
        from textkit import featurise

        app = Flask(__name__)

        def load():
            global clf, bow
            clf = joblib.load("/cache/review_model.joblib")
            with open("/cache/bow_model.pkl", "rb") as fh:
                bow = pickle.load(fh)

        @app.post("/predict")
        def predict():
            x = featurise(request.json["review"], bow)
            return {"label": int(clf.predict(x)[0])}

        if __name__ == "__main__":
            load()
            app.run(host="0.0.0.0")
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:10']);
    expect(notes[0]).toMatch(
      /loads \/cache\/review_model.joblib \(with \/cache\/bow_model.pkl, which transforms the input of clf at serve.py:17\)$/,
    );
  });

  it('keeps two pickles that each predict two models', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY serve.py /srv/
        CMD ["python", "/srv/serve.py"]
      `,
      'serve.py': text`
        import pickle
        from flask import Flask, request

        app = Flask(__name__)
        churn = pickle.load(open("churn.pkl", "rb"))
        fraud = pickle.load(open("fraud.pkl", "rb"))

        @app.post("/predict")
        def predict():
            x = [request.json["row"]]
            return {"churn": churn.predict(x)[0], "fraud": fraud.predict_proba(x)[0]}

        app.run()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'serve.py:5', 'serve.py:6']);
  });

  it('does not count a pickle only indexed as data (a cached API response) as a model', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.9-slim
        COPY model.joblib /model.joblib
        COPY service /service
        CMD uvicorn service.api:app --host 0.0.0.0
      `,
      'service/api.py': text`
        import joblib
        from fastapi import FastAPI
        from service.inputs import features_for

        app = FastAPI()

        @app.get("/predict")
        def predict(city: str):
            estimator = joblib.load("model.joblib")
            return {"delay": float(estimator.predict(features_for(city))[0])}
      `,
      'service/inputs.py': text`
        import pickle
        import pandas as pd

        def features_for(city):
            with open("service/data/forecast_snapshot.pickle", "rb") as fh:
                snapshot = pickle.load(fh)
            reading = snapshot[city]
            return pd.DataFrame([reading])
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['service/api.py:9']);
    expect(notes[0]).toMatch(
      /loads model.joblib \(with service\/data\/forecast_snapshot.pickle, read as data at service\/inputs.py:7\)$/,
    );
  });

  it('follows an instance attribute of a wrapper class: a scaler set in __init__ and used on the input of the model in another method is its companion', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.9-slim
        COPY . /app
        WORKDIR /app
        CMD ["python", "serve.py"]
      `,
      'serve.py': text`
        import joblib
        from flask import Flask, request

        class Regressor:
            def __init__(self):
                self.est = joblib.load("artifacts/price.joblib")
                self.prep = joblib.load("artifacts/step_one.joblib")

            def answer(self, rows):
                ready = self.prep.transform(rows)
                return self.est.predict(ready).tolist()

        app = Flask(__name__)
        wrapper = Regressor()

        @app.post("/price")
        def price():
            return {"prices": wrapper.answer(request.json["rows"])}

        app.run()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:6']);
    expect(notes[0]).toMatch(
      /\(with artifacts\/step_one.joblib, which transforms the input of self.est at serve.py:11\)$/,
    );
  });

  it('keeps a pickled mapping whose elements are asked for predictions a model, not data', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.9-slim
        COPY . /app
        CMD ["python", "/app/serve.py"]
      `,
      'serve.py': text`
        import joblib
        import pickle
        from flask import Flask, request

        app = Flask(__name__)
        ranker = joblib.load("ranker.joblib")
        with open("regional.pickle", "rb") as fh:
            regional = pickle.load(fh)

        @app.post("/score")
        def score():
            rows = request.json["rows"]
            local = regional[request.json["region"]]
            return {"rank": ranker.predict(rows).tolist(), "local": local.predict(rows).tolist()}

        app.run()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'serve.py:6', 'serve.py:8']);
  });
});

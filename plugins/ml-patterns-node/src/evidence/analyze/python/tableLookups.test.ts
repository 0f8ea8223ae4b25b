import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/** Lines set into a fixture at the template's indentation, so `text` dedents them with it. */
const lines = (indent: number, ...code: string[]) =>
  code.join(`\n${' '.repeat(indent)}`);

/**
 * A table of distinct checkpoints (one per language) and a helper that
 * loads the one a key names (`CHECKPOINTS.get(lang)`): called in a loop
 * over the table's keys at start, it loads every checkpoint, and the
 * handler picks one per request — several models in one process. Called
 * with a key from configuration it loads one; a table whose entries all
 * name the same checkpoint holds one model however often it is loaded.
 */
describe('models looked up in a table by key', () => {
  const tree = (table: string, loading: string) => ({
    Dockerfile: text`
      FROM python:3.10-slim
      COPY worker.py /worker.py
      CMD python -u /worker.py
    `,
    'worker.py': text`
      import os
      import runpod
      from transformers import pipeline

      CHECKPOINTS = ${table}

      def speech_model(lang):
          checkpoint = CHECKPOINTS.get(lang)
          return pipeline("automatic-speech-recognition", model=checkpoint)

      ${loading}

      def handler(job):
          lang = job["input"]["lang"]
          return {"text": MODELS[lang](job["input"]["audio"])["text"]}

      runpod.serverless.start({"handler": handler})
    `,
  });
  const distinct =
    '{"de": "acme/asr-german", "fr": "acme/asr-french", "it": "acme/asr-italian"}';

  it('counts every checkpoint a loop over the table loads', () => {
    const { verdict, at, notes } = allInOne(
      tree(
        distinct,
        lines(
          6,
          'MODELS = {}',
          'for lang in CHECKPOINTS:',
          '    MODELS[lang] = speech_model(lang)',
        ),
      ),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'worker.py:13']);
    expect(notes[0]).toBe('python -u /worker.py loads several models');
  });

  it('counts every checkpoint a comprehension over the table loads', () => {
    const { verdict, at } = allInOne(
      tree(
        distinct,
        'MODELS = {lang: speech_model(lang) for lang in CHECKPOINTS.keys()}',
      ),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'worker.py:11']);
  });

  it('counts one model when configuration picks the key', () => {
    const { verdict, at } = allInOne(
      tree(
        distinct,
        lines(
          6,
          'LANG = os.environ["LANG"]',
          'MODELS = {LANG: speech_model(LANG)}',
        ),
      ),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['worker.py:12']);
  });

  it('counts one model when every entry names the same checkpoint', () => {
    const { verdict } = allInOne(
      tree(
        '{"de": "acme/asr-multi", "fr": "acme/asr-multi"}',
        lines(
          6,
          'MODELS = {}',
          'for lang in CHECKPOINTS:',
          '    MODELS[lang] = speech_model(lang)',
        ),
      ),
    );
    expect(verdict).toBe('pass');
  });
});

/**
 * A web endpoint loading the table entry its request names
 * (`CHECKPOINTS[job.lang]`): every entry serves some request, so the
 * process serves them all.
 */
describe('a table entry chosen by the request', () => {
  it('counts every checkpoint the request may pick', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY api.py /app/api.py
        WORKDIR /app
        CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
      `,
      'api.py': text`
        from fastapi import FastAPI
        from pydantic import BaseModel
        from transformers import pipeline

        app = FastAPI()
        CHECKPOINTS = {"de": "acme/asr-german", "fr": "acme/asr-french"}

        class Job(BaseModel):
            lang: str
            audio: str

        @app.post("/asr")
        def asr(job: Job):
            recognizer = pipeline("automatic-speech-recognition", model=CHECKPOINTS[job.lang])
            return recognizer(job.audio)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'api.py:14']);
  });
});

/**
 * A loop over one model's files (the model and the scaler fitted with
 * it), or over one id written twice, loads one model however it goes
 * through them.
 */
describe('a loop over one model’s artifacts', () => {
  const tree = (loading: string) => ({
    Dockerfile: text`
      FROM python:3.10-slim
      COPY . /app
      WORKDIR /app
      CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
    `,
    'api.py': text`
      import joblib
      from fastapi import FastAPI

      app = FastAPI()
      FILES = {"model": "artifacts/churn_model.pkl", "scaler": "artifacts/scaler.pkl"}
      ${loading}

      @app.post("/predict")
      def predict(rows: list):
          return loaded["model"].predict(loaded["scaler"].transform(rows)).tolist()
    `,
  });

  it('counts the model and its scaler looked up by key as one model', () => {
    const { verdict, at } = allInOne(
      tree('loaded = {k: joblib.load(FILES[k]) for k in FILES}'),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:6']);
  });

  it('counts a loop over the model and its scaler as one model', () => {
    const { verdict, at } = allInOne(
      tree(
        lines(
          6,
          'loaded = {}',
          'for path in ["artifacts/churn_model.pkl", "artifacts/scaler.pkl"]:',
          '    loaded[path] = joblib.load(path)',
        ),
      ),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:8']);
  });

  it('counts a loop over one id written twice as one model', () => {
    const { verdict } = allInOne(
      tree(
        'loaded = [joblib.load(p) for p in ["artifacts/churn_model.pkl", "artifacts/churn_model.pkl"]]',
      ),
    );
    expect(verdict).toBe('pass');
  });
});

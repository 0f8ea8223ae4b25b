import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/** Lines set into a fixture at the template's indentation, so `text` dedents them with it. */
const lines = (indent: number, ...code: string[]) =>
  code.join(`\n${' '.repeat(indent)}`);

/**
 * A loader helper that takes a local file when the caller gives one and
 * otherwise downloads its default (`if path is None: path =
 * hf_hub_download(…)`): what it loads is one model whichever way the path
 * comes. The helper's module may also be a command-line tool whose
 * `main()` calls it with a path of its own: that call runs only when the
 * module is run as a script, never in a server importing the helper.
 */
describe('a loader helper with a download fallback and a command-line main', () => {
  const tree = (serverExtra = '') => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /srv
      COPY api.py generate.py ./
      CMD ["python", "api.py"]
    `,
    'generate.py': text`
      import argparse
      import os

      from huggingface_hub import hf_hub_download
      from llama_cpp import Llama

      WEIGHTS_REPO = os.environ.get("WEIGHTS_REPO", "acme/poems-gguf")

      def open_llm(weights=None, threads=4):
          if weights is None:
              weights = hf_hub_download(repo_id=WEIGHTS_REPO, filename="poems.q4.gguf")
          return Llama(model_path=weights, n_threads=threads)

      def main():
          parser = argparse.ArgumentParser()
          parser.add_argument("--weights", default=None)
          parser.add_argument("--prompt", default="A poem about rain")
          args = parser.parse_args()
          llm = open_llm(weights=args.weights)
          print(llm.create_completion(args.prompt)["choices"][0]["text"])

      if __name__ == "__main__":
          main()
    `,
    'api.py': text`
      import argparse
      import uvicorn
      from fastapi import FastAPI
      from generate import open_llm
      ${serverExtra}
      parser = argparse.ArgumentParser()
      parser.add_argument("--weights", default=None)
      options = parser.parse_args()

      app = FastAPI()
      llm = open_llm(weights=options.weights, threads=8)

      @app.post("/poem")
      def poem(prompt: str):
          return {"text": llm.create_completion(prompt)["choices"][0]["text"]}

      if __name__ == "__main__":
          uvicorn.run(app)
    `,
  });

  it('counts the fallback download and the given file as one model', () => {
    const { verdict, at, notes } = allInOne(tree());
    expect(verdict).toBe('pass');
    expect(at).toEqual(['generate.py:11']);
    expect(notes[0]).toBe(
      'python api.py loads one model: huggingface_hub.hf_hub_download loads WEIGHTS_REPO',
    );
  });

  it('still counts a second model the server loads itself', () => {
    const { verdict, at } = allInOne(
      tree(lines(6, 'import joblib', 'ranker = joblib.load("ranker.joblib")')),
    );
    expect(verdict).toBe('fail');
    expect(at).toContain('api.py:6');
  });
});

/**
 * A helper naming its artifact through its parameter, called by a
 * module's command-line `main()` with one file and by the server with
 * another: only the server's call runs in the server.
 */
describe('a helper called from an imported module’s command-line main', () => {
  it('does not count the file the command line loads', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]
      `,
      'scoring.py': text`
        import os
        import joblib

        def read_model(path):
            return joblib.load(path)

        def main():
            model = read_model("experiments/candidate.joblib")
            print(model.score_samples([[1.0, 2.0]]))

        if __name__ == "__main__":
            main()
      `,
      'serve.py': text`
        import os
        from fastapi import FastAPI
        from scoring import read_model

        app = FastAPI()
        model = read_model(os.environ["MODEL_FILE"])

        @app.post("/score")
        def score(rows: list):
            return model.predict(rows).tolist()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:6']);
  });
});

/**
 * A helper joining a folder from configuration to the file its callers
 * name (`path = os.path.join(MODEL_DIR, name)`, or the join written in
 * the load call): each caller's file is what is loaded, so two callers
 * naming two files load two models.
 */
describe('a helper joining a configured folder to the name its callers give', () => {
  const tree = (body: string, calls: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      COPY . /app
      WORKDIR /app
      CMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]
    `,
    'serve.py': text`
      import os
      import joblib
      from fastapi import FastAPI

      MODEL_DIR = os.getenv("MODEL_DIR", "models")

      def load(name):
          ${body}

      app = FastAPI()
      ${calls}
    `,
  });
  const reassigned = lines(
    10,
    'name = os.path.join(MODEL_DIR, name)',
    'return joblib.load(name)',
  );
  const inline = 'return joblib.load(os.path.join(MODEL_DIR, name))';
  const two = lines(
    6,
    'churn = load("churn_gbm.pkl")',
    'upsell = load("upsell_rf.pkl")',
  );

  it.each([
    ['reassigned', reassigned, ['serve.py:12', 'serve.py:13']],
    ['joined in the call', inline, ['serve.py:11', 'serve.py:12']],
  ])('counts two models for two files (%s)', (_, body, calls) => {
    const { verdict, at, notes } = allInOne(tree(body, two));
    expect(verdict).toBe('fail');
    expect(at.slice(1)).toEqual(calls);
    expect(notes[2]).toBe('joblib.load loads models/upsell_rf.pkl');
  });

  it('counts one model for one file', () => {
    const { verdict, at } = allInOne(
      tree(reassigned, 'churn = load("churn_gbm.pkl")'),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:12']);
  });
});

import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * A server that loads the checkpoint a request names and keeps each one
 * it has loaded in a dict keyed by that name holds several models at
 * once; a cache whose key is fixed for the process holds one.
 */
const files = (api: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv
    COPY . .
    RUN pip install -r requirements.txt
    CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
  `,
  'requirements.txt': 'openai-whisper==20240930\nfastapi==0.115.0\n',
  'api.py': api,
});

describe('model caches keyed by the name they load', () => {
  it('counts several models when a request picks the checkpoint and each is kept', () => {
    const { verdict, at, notes } = allInOne(
      files(text`
        import os

        import whisper
        from fastapi import FastAPI

        app = FastAPI()
        loaded = {}


        @app.post("/transcribe")
        def transcribe(path: str, size: str = "base"):
            if size not in loaded:
                loaded[size] = whisper.load_model(size)
            return loaded[size].transcribe(path)
      `),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:5', 'api.py:13']);
    expect(notes).toEqual([
      'uvicorn api:app --host 0.0.0.0 loads several models',
      'whisper.load_model loads several models: base',
    ]);
  });

  it('counts several models when the loaded model is kept in a second step, under a name from a list of aliases', () => {
    const { verdict, at } = allInOne(
      files(text`
        import whisper
        from fastapi import FastAPI

        app = FastAPI()
        ALIASES = {"s": "small", "m": "medium"}


        class Transcriber:
            def __init__(self):
                self.models = {}

            def get(self, requested):
                name = ALIASES.get(requested, requested)
                if name not in self.models:
                    model = whisper.load_model(name, device="cpu")
                    self.models[name] = model
                return self.models[name]


        transcriber = Transcriber()


        @app.post("/transcribe")
        def transcribe(path: str, size: str):
            return transcriber.get(size).transcribe(path)
      `),
    );
    expect(verdict).toBe('fail');
    expect(at).toContain('api.py:15');
  });

  it('counts one model when the cache key is fixed for the process', () => {
    const { verdict, at } = allInOne(
      files(text`
        import os

        import whisper
        from fastapi import FastAPI

        app = FastAPI()
        loaded = {}
        SIZE = os.environ["WHISPER_SIZE"]


        def model(size=SIZE):
            if size not in loaded:
                loaded[size] = whisper.load_model(size)
            return loaded[size]


        @app.post("/transcribe")
        def transcribe(path: str):
            return model().transcribe(path)
      `),
    );
    expect(verdict).toBe('pass');
    expect(at).toContain('api.py:19');
  });
});

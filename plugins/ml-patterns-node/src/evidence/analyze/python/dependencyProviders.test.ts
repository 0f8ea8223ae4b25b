import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A FastAPI dependency (`model=Depends(get_model)`) runs when the
 * endpoint asking for it is called: a provider that loads its model
 * lazily (cached with lru_cache, or behind a global None check) gets it
 * on the first request the endpoint serves, not when the server starts.
 */

const image = text`
  FROM python:3.11-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  COPY api/ api/
  CMD ["uvicorn", "api.main:app", "--port", "8080"]
`;

const files = (main: string, deps?: string) => ({
  Dockerfile: image,
  'requirements.txt': 'fastapi==0.115.0\ntransformers==4.44.0\njoblib==1.4.2\n',
  'api/__init__.py': '',
  ...(deps !== undefined && { 'api/deps.py': deps }),
  'api/main.py': main,
});

describe('models a FastAPI dependency loads', () => {
  it('says an lru_cache provider downloads on the first request of the endpoint depending on it', () => {
    const result = releaseOf(
      files(text`
        from functools import lru_cache
        from fastapi import Depends, FastAPI
        from transformers import pipeline

        app = FastAPI()

        @lru_cache
        def get_model():
            return pipeline("sentiment-analysis", model="acme/bert-sentiment")

        @app.post("/predict")
        def predict(text: str, model=Depends(get_model)):
            return model(text)
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'api/main.py:9 transformers.pipeline downloads acme/bert-sentiment on the first request it serves (from the request handler at api/main.py:12), not when the server starts',
    ]);
  });

  it('follows an imported provider behind a global None check, asked for through Annotated', () => {
    const result = releaseOf(
      files(
        text`
          from typing import Annotated
          from fastapi import Depends, FastAPI
          from api.deps import get_model

          app = FastAPI()

          @app.post("/predict")
          def predict(text: str, model: Annotated[object, Depends(get_model)]):
              return model(text)
        `,
        text`
          from transformers import pipeline

          _model = None

          def get_model():
              global _model
              if _model is None:
                  _model = pipeline("sentiment-analysis", model="acme/bert-sentiment")
              return _model
        `,
      ),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'api/deps.py:8 transformers.pipeline downloads acme/bert-sentiment on the first request it serves (from the request handler at api/main.py:8), not when the server starts',
    ]);
  });

  it('follows a dependency of a dependency up to the endpoint', () => {
    const result = releaseOf(
      files(text`
        from functools import lru_cache
        from fastapi import Depends, FastAPI
        from transformers import pipeline

        app = FastAPI()

        @lru_cache
        def get_model():
            return pipeline("sentiment-analysis", model="acme/bert-sentiment")

        def get_service(model=Depends(get_model)):
            return lambda text: model(text)

        @app.post("/predict")
        def predict(text: str, service=Depends(get_service)):
            return service(text)
      `),
    );
    expect(result.atStart).toEqual([
      'api/main.py:9 transformers.pipeline downloads acme/bert-sentiment on the first request it serves (from the request handler at api/main.py:15), not when the server starts',
    ]);
  });

  it('keeps saying at start when the provider is also called when the server starts', () => {
    const result = releaseOf(
      files(text`
        from functools import lru_cache
        from fastapi import Depends, FastAPI
        from transformers import pipeline

        app = FastAPI()

        @lru_cache
        def get_model():
            return pipeline("sentiment-analysis", model="acme/bert-sentiment")

        get_model()

        @app.post("/predict")
        def predict(text: str, model=Depends(get_model)):
            return model(text)
      `),
    );
    expect(result.atStart).toEqual([
      'api/main.py:9 transformers.pipeline downloads acme/bert-sentiment',
    ]);
  });

  it('does not take a Depends on a same-named function of another module for the provider', () => {
    const result = releaseOf(
      files(
        text`
          from fastapi import FastAPI
          from transformers import pipeline

          app = FastAPI()
          model = pipeline("sentiment-analysis", model="acme/bert-sentiment")

          def get_model():
              return model
        `,
        text`
          from fastapi import APIRouter, Depends

          router = APIRouter()

          def get_model():
              return None

          @router.get("/health")
          def health(model=Depends(get_model)):
              return {"ok": True}
        `,
      ),
    );
    expect(result.atStart).toEqual([
      'api/main.py:5 transformers.pipeline downloads acme/bert-sentiment',
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * Hub model names held in one environment variable as a list
 * (`os.getenv("ENCODERS", "a|org/b").split("|")`), each built at import:
 * the server downloads them from the hub when it starts.
 */
describe('hub models named by a split environment variable', () => {
  it('is Model-load for a sentence-transformers load in a loop over the split names, naming the load', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY embedder/ .
        CMD ["uvicorn", "api:app", "--port", "7000"]
      `,
      'requirements.txt': 'fastapi==0.115.0\nsentence-transformers==3.1.1\n',
      'embedder/encoders.py': text`
        import os
        from sentence_transformers import SentenceTransformer

        def build_encoders():
            names = os.getenv("ENCODERS", "acme/multilingual-small|acme/code-base")
            encoders = {}
            for name in names.split("|"):
                encoders[name] = SentenceTransformer(name)
            return encoders
      `,
      'embedder/api.py': text`
        from fastapi import FastAPI
        from encoders import build_encoders

        app = FastAPI()
        encoders = build_encoders()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'embedder/encoders.py:8 sentence_transformers.SentenceTransformer downloads ENCODERS',
    ]);
  });
});

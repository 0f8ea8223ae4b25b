import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A singleton model class built in `__new__` (one instance per process,
 * made on first use): the name the caller hands the class reaches the
 * loader through `__new__`'s parameters, as it would through `__init__`'s.
 */
describe('a model named through a singleton class’s __new__', () => {
  it('follows the caller’s hub id into the loader (a download at start)', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        COPY . .
        RUN pip install -r requirements.txt
        CMD ["uvicorn", "web:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt': 'transformers==4.41.0\nfastapi==0.111.0\n',
      'tagger.py': text`
        from transformers import AutoModelForTokenClassification

        class Tagger:
            instance = None

            def __new__(cls, checkpoint):
                if cls.instance is None:
                    cls.instance = super().__new__(cls)
                    cls.instance.net = AutoModelForTokenClassification.from_pretrained(checkpoint)
                return cls.instance
      `,
      'web.py': text`
        from fastapi import FastAPI
        from tagger import Tagger

        app = FastAPI()
        tagger = Tagger("acme/ner-small")

        @app.post("/tag")
        def tag(ids: list):
            return tagger.net(ids).logits.tolist()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'web.py:5 transformers.AutoModelForTokenClassification.from_pretrained downloads acme/ner-small',
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An image that carries one model (a committed file it copies, a model
 * package its requirements install) while the process loads another by
 * its hub id at start, with no build step fetching that id: the second
 * model reaches the server when the container starts. Both at once is
 * mixed; a build step fetching the id keeps it all in the image.
 */

const dockerfile = (steps: string) => text`
  FROM python:3.12-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  ${steps}
  CMD ["gunicorn", "-b", "0.0.0.0:8000", "service.app:app"]
`;

const requirements = text`
  flask==3.0.3
  gunicorn==22.0.0
  sentence-transformers==3.0.1
  spacy==3.7.5
  en_core_web_sm @ https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.7.1/en_core_web_sm-3.7.1-py3-none-any.whl
`;

const service = (app: string, steps = 'COPY service ./service') => ({
  Dockerfile: dockerfile(steps),
  'requirements.txt': requirements,
  'service/__init__.py': '',
  'service/app.py': app,
});

const threeModels = text`
  import joblib
  import spacy
  from flask import Flask
  from sentence_transformers import SentenceTransformer

  encoder = SentenceTransformer("acme/minilm-embedder")
  nlp = spacy.load("en_core_web_sm")
  ranker = joblib.load("artifacts/ranker.joblib")
  app = Flask(__name__)
`;

const SPACY_IN_IMAGE =
  'requirements.txt:5 model into image (download-in-build): pip installs the model package en_core_web_sm while the image is built';

describe('a hub model loaded at start beside a model the image holds', () => {
  it('is mixed: the evidence names the COPY, the installed pipeline and the hub load', () => {
    const result = release({
      ...service(
        threeModels,
        'COPY artifacts ./artifacts\nCOPY service ./service',
      ),
      'artifacts/ranker.joblib': 'binary',
    });
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (directory): artifacts',
      SPACY_IN_IMAGE,
    ]);
    expect(result.atStart).toEqual([
      'service/app.py:6 sentence_transformers.SentenceTransformer downloads acme/minilm-embedder',
    ]);
  });

  it('stays Model-in-image when a build step fetches that hub id', () => {
    const result = release({
      ...service(
        threeModels,
        text`
          COPY artifacts ./artifacts
          COPY service ./service
          RUN python -c "from sentence_transformers import SentenceTransformer; SentenceTransformer('acme/minilm-embedder')"
        `,
      ),
      'artifacts/ranker.joblib': 'binary',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });
});

describe('a spaCy pipeline the requirements install', () => {
  const spacyApp = text`
    import spacy
    from flask import Flask

    nlp = spacy.load("en_core_web_sm")
    app = Flask(__name__)
  `;

  it('is a model in the image when the served code loads it', () => {
    const result = release(service(spacyApp));
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([SPACY_IN_IMAGE]);
  });

  it('is a model in the image beside a hub model loaded at start: mixed', () => {
    const result = release(
      service(text`
        import spacy
        from flask import Flask
        from sentence_transformers import SentenceTransformer

        nlp = spacy.load("en_core_web_sm")
        encoder = SentenceTransformer("acme/minilm-embedder")
        app = Flask(__name__)
      `),
    );
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([SPACY_IN_IMAGE]);
  });

  it('is not a model when no code loads it, or when no image installs it', () => {
    const unused = release(
      service('from flask import Flask\n\napp = Flask(__name__)\n'),
    );
    expect(unused.inImage).toEqual([]);
    const notInstalled = release({
      ...service(spacyApp),
      Dockerfile:
        'FROM python:3.12-slim\nCOPY service /srv/service\nCMD ["gunicorn", "service.app:app"]\n',
    });
    expect(notInstalled.inImage).toEqual([]);
  });
});

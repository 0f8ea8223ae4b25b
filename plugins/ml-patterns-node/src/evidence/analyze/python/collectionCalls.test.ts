import { text } from '../__testUtils__/files';
import { allInOneOf } from '../__testUtils__/allInOneOf';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server that picks its pipeline class from a registry by a setting
 * (`TASKS[os.environ["TASK"]](model_id)`), the classes re-exported by the
 * package that holds them: the model id the server passes in is the one
 * each class loads, here a hub id read from the environment at start.
 */

const tree = (
  call: string,
  registry = '{"embedding": Embedder, "ranking": Ranker}',
) => ({
  Dockerfile: text`
    FROM tiangolo/uvicorn-gunicorn:python3.11
    RUN pip install --no-cache-dir sentence-transformers==3.0.1 starlette==0.37.2
    COPY ./service /app/service
    ENV APP_MODULE=service.main:app
  `,
  'service/__init__.py': '',
  'service/tasks/__init__.py': text`
    from service.tasks.embedding import Embedder
    from service.tasks.ranking import Ranker
  `,
  'service/tasks/embedding.py': text`
    from sentence_transformers import SentenceTransformer

    class Embedder:
        def __init__(self, checkpoint):
            self.encoder = SentenceTransformer(checkpoint)
  `,
  'service/tasks/ranking.py': text`
    from sentence_transformers import SentenceTransformer

    class Ranker:
        def __init__(self, checkpoint):
            self.encoder = SentenceTransformer(checkpoint)
  `,
  'service/main.py': text`
    import os
    from service.tasks import Embedder, Ranker
    from starlette.applications import Starlette

    REGISTRY = ${registry}

    def build():
        return ${call}

    app = Starlette(on_startup=[build])
  `,
});

describe('a pipeline class picked from a registry by a setting', () => {
  it('loads the model id the server passes it: a hub id from the environment, Model-load at the call', () => {
    const result = releaseOf(
      tree('REGISTRY[os.environ["TASK"]](os.environ["HUB_MODEL"])'),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'service/main.py:8 sentence_transformers.SentenceTransformer downloads HUB_MODEL',
      'service/main.py:8 sentence_transformers.SentenceTransformer downloads HUB_MODEL',
    ]);
    // Either class loads the one model the environment names.
    expect(
      allInOneOf(tree('REGISTRY[os.environ["TASK"]](os.environ["HUB_MODEL"])'))
        .verdict,
    ).toBe('pass');
  });

  it('is read through the registry’s get as well', () => {
    const result = releaseOf(
      tree('REGISTRY.get(os.environ["TASK"])(os.environ["HUB_MODEL"])'),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart[0]).toBe(
      'service/main.py:8 sentence_transformers.SentenceTransformer downloads HUB_MODEL',
    );
  });

  it('follows only the classes the registry holds', () => {
    const result = releaseOf(
      tree(
        'REGISTRY[os.environ["TASK"]](os.environ["HUB_MODEL"])',
        '{"embedding": Embedder}',
      ),
    );
    expect(
      result.evidence.modelLoaders.map(
        l => `${l.path}:${l.line} ${l.configKey ?? l.target ?? '-'}`,
      ),
    ).toEqual(['service/main.py:8 HUB_MODEL', 'service/tasks/ranking.py:5 -']);
  });
});

import { repo, text } from '../__testUtils__/files';
import { allInOneOf } from '../__testUtils__/allInOneOf';
import { releasePatternOf } from '../__testUtils__/releaseOf';
import { analyzeRepositoryFiles } from '../index';

/**
 * One code base that knows several models but imports each in its own arm
 * of a branch on configuration (`match kind: case "small": from .small
 * import …`): each process imports, and loads, one of them. A compose file
 * building one image per model (a build argument each) runs several
 * single-model servers, not one All-in-one server.
 */

const tree = (chooser: string) => ({
  'compose.yaml': text`
    services:
      small:
        build:
          context: .
          args:
            - ENCODER=small
      large:
        build:
          context: .
          args:
            - ENCODER=large
  `,
  Dockerfile: text`
    FROM python:3.12-slim
    ARG ENCODER
    ENV ENCODER=\${ENCODER}
    COPY svc/ ./svc/
    RUN python -m svc.warm
    CMD ["uvicorn", "svc.http:app", "--host", "0.0.0.0"]
  `,
  'svc/__init__.py': '',
  'svc/http.py': text`
    import os

    from fastapi import FastAPI

    from svc.choose import build

    encoder = build(os.environ["ENCODER"])
    app = FastAPI()
  `,
  'svc/warm.py': text`
    import os

    from svc.choose import build

    if __name__ == "__main__":
        build(os.environ["ENCODER"])
  `,
  'svc/choose.py': chooser,
  'svc/small.py': text`
    from transformers import AutoModel

    class Small:
        def __init__(self):
            self.net = AutoModel.from_pretrained("acme/encoder-small")
  `,
  'svc/large.py': text`
    from transformers import AutoModel

    class Large:
        def __init__(self):
            self.net = AutoModel.from_pretrained("acme/encoder-large")
  `,
});

const matchChooser = text`
  def build(kind):
      match kind:
          case "small":
              from .small import Small
              return Small()
          case "large":
              from .large import Large
              return Large()
          case _:
              raise ValueError(kind)
`;

describe('models in modules imported in different arms of one branch', () => {
  it('counts one model per process, naming the branch that chooses it', () => {
    const { verdict, at, notes } = allInOneOf(tree(matchChooser));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['svc/large.py:5']);
    expect(notes[0]).toContain(
      'loads one model: transformers.AutoModel.from_pretrained loads one of acme/encoder-large, acme/encoder-small (modules imported in different arms of the branch at svc/choose.py:2: one runs)',
    );
  });

  it('takes an if/elif chain on configuration alike', () => {
    const { verdict } = allInOneOf(
      tree(text`
        def build(kind):
            if kind == "small":
                from .small import Small
                return Small()
            elif kind == "large":
                from .large import Large
                return Large()
            raise ValueError(kind)
      `),
    );
    expect(verdict).toBe('pass');
  });

  it('keeps the build fetching one of them in the image, without counting both', () => {
    const evidence = analyzeRepositoryFiles(repo(tree(matchChooser)));
    const built = evidence.dockerfiles[0].builtInModels ?? [];
    expect(built.flatMap(b => (b.model ? [b.model] : []))).toEqual([]);
    expect(built.map(b => `${b.path}:${b.line}`)).toEqual(['Dockerfile:5']);
    expect(releasePatternOf(evidence).pattern).toBe('model-in-image');
  });

  it('still counts both when the modules are imported unconditionally', () => {
    const { verdict, notes } = allInOneOf(
      tree(text`
        from .small import Small
        from .large import Large

        def build(kind):
            return Small() if kind == "small" else Large()
      `),
    );
    expect(verdict).toBe('fail');
    expect(notes.join('\n')).toContain('acme/encoder-large');
  });
});

describe('models in modules imported in the arms of a branch taken per request', () => {
  it('counts every model an endpoint can import', () => {
    const { verdict } = allInOneOf({
      Dockerfile: text`
        FROM python:3.12-slim
        COPY svc/ ./svc/
        CMD ["uvicorn", "svc.http:app", "--host", "0.0.0.0"]
      `,
      'svc/__init__.py': '',
      'svc/http.py': text`
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/embed/{kind}")
        def embed(kind: str, texts: list[str]):
            if kind == "small":
                from .small import Small
                return Small().net(texts)
            else:
                from .large import Large
                return Large().net(texts)
      `,
      'svc/small.py': tree('')['svc/small.py'],
      'svc/large.py': tree('')['svc/large.py'],
    });
    expect(verdict).toBe('fail');
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * Library factories given `pretrained=True` fetch the library's published
 * weights when they are called: a serving function that builds its
 * predictor that way downloads the model when the service runs
 * (Model-load), with an image that holds only code. A network class that
 * builds a pretrained backbone, or a base whose weights are then replaced
 * from a checkpoint, is not such a load.
 */
describe('library factories called with pretrained=True', () => {
  const tree = (vision: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY api /app/api
      CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
    `,
    'requirements.txt': 'fastapi==0.110.0\nreadlib==1.2.0\n',
    'api/__init__.py': '',
    'api/main.py': text`
      from fastapi import FastAPI
      from api.vision import build

      app = FastAPI()

      @app.post("/read")
      def read(page: bytes):
          return build()(page)
    `,
    'api/vision.py': vision,
  });

  it('is Model-load for a predictor the serving code builds with pretrained weights', () => {
    const result = release(
      tree(text`
        from readlib.models import page_reader

        def build():
            return page_reader(pretrained=True, assume_straight=True)
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'api/vision.py:4 readlib.models.page_reader downloads a remote model on the first request it serves (from the request handler at api/main.py:7), not when the server starts',
    ]);
  });

  it('is no load without pretrained weights', () => {
    const result = release(
      tree(text`
        from readlib.models import page_reader

        def build():
            return page_reader(pretrained=False)
      `),
    );
    expect(result.evidence.modelLoaders).toEqual([]);
  });

  it('is no load for a backbone a network class builds', () => {
    const result = release(
      tree(text`
        import torch.nn as nn
        from readlib.models import page_reader

        class Reader(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = page_reader(pretrained=True)

        def build():
            return Reader()
      `),
    );
    expect(result.evidence.modelLoaders).toEqual([]);
  });

  it('counts the checkpoint, not the base, when the weights are replaced', () => {
    const result = release(
      tree(text`
        import torch
        from readlib.models import page_reader

        def build():
            net = page_reader(pretrained=True)
            net.load_state_dict(torch.load("weights/reader.pt"))
            return net
      `),
    );
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'api/vision.py',
        line: 6,
        call: 'torch.load',
      }),
    ]);
  });
});

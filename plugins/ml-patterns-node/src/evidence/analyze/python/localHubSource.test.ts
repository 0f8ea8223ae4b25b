import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * `torch.hub.load(dir, "custom", path=weights, source="local")` loads a
 * vendored project folder and the weights it is given: nothing is fetched
 * from GitHub, so an image holding both holds the model.
 */

const files = (call: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv
    COPY . .
    RUN pip install -r requirements.txt
    CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
  `,
  'requirements.txt': 'torch==2.4.0\nfastapi==0.115.0\n',
  'detector/hubconf.py': 'def custom(path=None):\n    pass\n',
  'weights/best.pt': 'weights',
  'api.py': text`
    import torch
    from fastapi import FastAPI

    app = FastAPI()
    model = ${call}
  `,
});

describe('torch.hub.load of a local folder', () => {
  it('is read in the image, not as a download at start', () => {
    const result = releaseOf(
      files(
        `torch.hub.load("./detector", "custom", path="weights/best.pt", source="local")`,
      ),
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'api.py',
        line: 5,
        call: 'torch.hub.load',
        target: 'weights/best.pt',
        downloads: false,
      }),
    ]);
  });

  it('still downloads from GitHub without source="local"', () => {
    const result = releaseOf(
      files(
        `torch.hub.load("acme/detector", "custom", path="weights/best.pt")`,
      ),
    );
    expect(result.atStart).toEqual([
      'api.py:5 torch.hub.load downloads custom',
    ]);
  });
});

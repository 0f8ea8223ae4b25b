import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * timm builds a network by name; with `pretrained=True` it fetches the
 * trained weights from the Hugging Face hub (`hf-hub:org/name`, or timm's
 * own names, which it resolves on the hub) when the code runs, and with
 * `checkpoint_path=` it reads a local checkpoint. Without either it is an
 * untrained architecture, no model load.
 */
const app = (create: string) => text`
  import timm
  import torch
  from fastapi import FastAPI

  app = FastAPI()
  encoder = ${create}

  @app.post("/embed")
  def embed(pixels: list[float]):
      return encoder(torch.tensor(pixels).reshape(1, 3, 224, 224)).tolist()
`;

const tree = (create: string) => ({
  'app.py': app(create),
  Dockerfile: text`
    FROM python:3.11-slim
    COPY app.py /srv/app.py
    WORKDIR /srv
    CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]
  `,
});

describe('timm.create_model', () => {
  it.each([
    'timm.create_model("hf-hub:pathology-lab/tile-encoder", pretrained=True, num_classes=0)',
    'timm.create_model("vit_small_patch16_224", pretrained=True)',
  ])('fetches pretrained weights when the server starts: %s', create => {
    const result = release(tree(create));
    expect(result.pattern).toBe('model-load');
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'app.py',
        line: 6,
        call: 'timm.create_model',
        downloads: true,
      }),
    ]);
  });

  it('reads a local checkpoint given by checkpoint_path', () => {
    const result = release(
      tree(
        'timm.create_model("resnet50", checkpoint_path="weights/encoder.pth")',
      ),
    );
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({
        line: 6,
        target: 'weights/encoder.pth',
        downloads: false,
      }),
    ]);
  });

  it('is no model load for an untrained architecture', () => {
    for (const create of [
      'timm.create_model("resnet50")',
      'timm.create_model("resnet50", pretrained=False)',
    ])
      expect(release(tree(create)).evidence.modelLoaders).toEqual([]);
  });
});

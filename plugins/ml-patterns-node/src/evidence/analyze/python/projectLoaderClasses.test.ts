import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A project class wrapping a library loader: its own `from_pretrained`
 * builds an instance in place and calls a method that passes the name on
 * to the library; the caller hands the name in through `**kwargs`.
 */

const image = text`
  FROM python:3.11-slim
  WORKDIR /app
  COPY *.py requirements.txt ./
  RUN pip install -r requirements.txt
  CMD ["python3", "web.py"]
`;

const wrapper = text`
  from diffusers import StableDiffusionPipeline

  class Painter:
      def __init__(self):
          self.pipe = None

      @classmethod
      def from_pretrained(cls, name_or_path, **kwargs):
          return cls()._load(name_or_path, **kwargs)

      def _load(self, name_or_path, **kwargs):
          self.pipe = StableDiffusionPipeline.from_pretrained(name_or_path, **kwargs)
          return self
`;

describe('a model named through a project class wrapping the library loader', () => {
  it('follows the wrapper to the caller that names the hub id (a download at start)', () => {
    const result = releaseOf({
      Dockerfile: image,
      'requirements.txt': 'diffusers==0.30.0\ngradio==4.44.0\n',
      'painter.py': wrapper,
      'setup_pipe.py': text`
        import os
        from painter import Painter

        MODEL_ID = os.environ.get("MODEL_ID", "acme/sd-small")

        def build(model=MODEL_ID):
            kwargs = dict(name_or_path=model, use_safetensors=True)
            return Painter.from_pretrained(**kwargs)
      `,
      'web.py': text`
        import gradio as gr
        from setup_pipe import build

        pipe = build()
        gr.Interface(fn=lambda p: pipe.pipe(p), inputs="text", outputs="image").launch()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'web.py:4 diffusers.StableDiffusionPipeline.from_pretrained downloads MODEL_ID',
    ]);
  });

  it('reads a folder the image holds when the caller names one', () => {
    const result = releaseOf({
      Dockerfile: image.replace(
        'COPY *.py requirements.txt ./',
        'COPY *.py requirements.txt ./\nCOPY weights/ ./weights/',
      ),
      'requirements.txt': 'diffusers==0.30.0\ngradio==4.44.0\n',
      'painter.py': wrapper,
      'weights/model_index.json': '{}',
      'weights/unet/diffusion_pytorch_model.safetensors': 'binary',
      'setup_pipe.py': text`
        from painter import Painter

        def build():
            return Painter.from_pretrained(**{"name_or_path": "weights"})
      `,
      'web.py': text`
        import gradio as gr
        from setup_pipe import build

        pipe = build()
        gr.Interface(fn=lambda p: pipe.pipe(p), inputs="text", outputs="image").launch()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (directory): weights/',
    ]);
    // The load is named where the caller spreads the mapping that names it.
    const load = result.evidence.modelLoaders.find(l =>
      l.call.endsWith('StableDiffusionPipeline.from_pretrained'),
    );
    expect(load).toMatchObject({
      path: 'setup_pipe.py',
      line: 4,
      target: 'weights',
      downloads: false,
    });
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A server that loads several checkpoints by name from a folder of its
 * build context (a loop over the files it spells out), in an image made of
 * the whole context (`cog build`, `COPY . .`): the checkpoints are in the
 * image when they are put in the context before the build.
 */

const predictor = (names: string) => text`
  import torch
  from cog import BasePredictor, Input

  class Predictor(BasePredictor):
      def setup(self):
          self.nets = {}
          for size in [${names}]:
              with open(f"checkpoints/{size}.pt", "rb") as handle:
                  self.nets[size] = torch.load(handle, map_location="cpu")

      def predict(self, size: str = Input(default="small"), x: float = Input()) -> float:
          return float(self.nets[size](x))
`;

const cogYaml = text`
  build:
    gpu: false
    python_version: "3.11"
    python_packages:
      - "torch==2.3.0"
  predict: "predict.py:Predictor"
`;

describe('several checkpoints named in a loop, read from the build context', () => {
  it('are in the image Cog builds from the project folder: Model-in-image, at the predictor line', () => {
    const result = release({
      'cog.yaml': cogYaml,
      'predict.py': predictor('"small", "large"'),
    });
    expect(result.evidence.modelLoaders[0]).toMatchObject({
      multiple: true,
      targets: ['checkpoints/small.pt', 'checkpoints/large.pt'],
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'cog.yaml:6 model into image (directory): . → /src: the build context, where predict.py:9 loads checkpoints/small.pt (weaker evidence: checkpoints/small.pt is not in the repository, so the model is in the image only if it is put in the build context before the build)',
    ]);
  });

  it('is not said for names that are neither model files nor folders git keeps out', () => {
    const result = release({
      'cog.yaml': cogYaml,
      'predict.py': predictor('"small", "large"').replace(
        'checkpoints/{size}.pt',
        'settings/{size}',
      ),
      'settings/README.md': 'Per-size settings.\n',
    });
    expect(result.inImage).toEqual([]);
  });
});

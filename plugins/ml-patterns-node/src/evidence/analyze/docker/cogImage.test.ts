import { looksLikeServing } from '../../looksLikeServing';
import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * `cog build` makes an image of the whole project folder (Replicate's
 * Cog): what the predictor's `setup()` reads from that folder, and what
 * the `build.run` steps fetch, are in the image.
 */

const weightsPredictor = text`
  import torch
  from cog import BasePredictor, Input

  class Predictor(BasePredictor):
      def setup(self):
          self.net = torch.load("weights/denoiser.pth")

      def predict(self, x: float = Input()) -> float:
          return float(self.net(x))
`;

const cogYaml = (run = '') => text`
  build:
    gpu: true
    python_version: "3.11"
    python_packages:
      - "torch==2.3.0"
      - "transformers==4.44.0"${run}
  predict: "predict.py:Predictor"
`;

describe('a Cog predictor', () => {
  it('loading a weights file of the project folder is Model-in-image (the folder is copied into the image)', () => {
    const result = release({
      'cog.yaml': cogYaml(),
      'predict.py': weightsPredictor,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'cog.yaml:7 model into image (directory): . → /src: the build context, where predict.py:6 loads weights/denoiser.pth (weaker evidence: weights/denoiser.pth is not in the repository, so the model is in the image only if it is put in the build context before the build)',
    ]);
    expect(result.evidence.otherContainerDefinitions).toEqual([]);
    expect(looksLikeServing(result.evidence)).toBe(true);
  });

  it('is the serving unit a repository holding it is judged on', () => {
    const result = release(
      { 'cog.yaml': cogYaml(), 'predict.py': weightsPredictor },
      'repository',
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringMatching(/^cog\.yaml:7 model into image \(directory\)/),
    ]);
  });

  it('makes a folder a serving unit even when its predictor module is not in the tree', () => {
    const { evidence } = release({ 'cog.yaml': cogYaml() });
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['cog.yaml']);
    expect(looksLikeServing(evidence)).toBe(true);
  });

  it('loading a git-ignored folder a download script fills is Model-in-image, naming the .gitignore line', () => {
    const result = release({
      'cog.yaml': cogYaml(),
      '.gitignore': '__pycache__\nhub-cache/\n',
      'predict.py': text`
        from cog import BasePredictor
        from transformers import AutoModelForCausalLM

        LOCAL_DIR = "hub-cache"

        class Predictor(BasePredictor):
            def setup(self):
                self.model = AutoModelForCausalLM.from_pretrained(LOCAL_DIR)

            def predict(self, prompt: str) -> str:
                return prompt
      `,
      'fetch_weights.py': text`
        from transformers import AutoModelForCausalLM
        from predict import LOCAL_DIR
        AutoModelForCausalLM.from_pretrained("acme/tiny-lm").save_pretrained(LOCAL_DIR)
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'cog.yaml:7 model into image (directory): . → /src: the build context, where predict.py:8 loads hub-cache (weaker evidence: hub-cache is not in the repository, .gitignore:2 keeps it out of git, so the model is in the image only if it is put in the build context before the build)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('fetching weights in a build.run step is Model-in-image at that step', () => {
    const result = release({
      'cog.yaml': cogYaml(
        '\n    run:\n      - "curl -L -o /weights/unet.safetensors https://example.com/unet.safetensors"',
      ),
      'predict.py': text`
        from cog import BasePredictor
        from safetensors.torch import load_file

        class Predictor(BasePredictor):
            def setup(self):
                self.unet = load_file("/weights/unet.safetensors")
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^cog\.yaml:8 model into image \(download-in-build\)/,
      ),
    ]);
  });

  it('downloading from the hub in setup() into nothing the project fills is Model-load', () => {
    const result = release({
      'cog.yaml': cogYaml(),
      'predict.py': text`
        from cog import BasePredictor
        from transformers import pipeline

        class Predictor(BasePredictor):
            def setup(self):
                self.pipe = pipeline("summarization", model="acme/summarizer-small")
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      expect.stringMatching(/^predict\.py:6 .*acme\/summarizer-small/),
    ]);
  });

  it('without a predictor is no serving image (a training-only configuration)', () => {
    const result = release({
      'cog.yaml': 'build:\n  python_version: "3.11"\ntrain: "train.py:train"\n',
      'train.py': 'import torch\n',
    });
    expect(result.evidence.dockerfiles).toEqual([]);
    expect(result.evidence.otherContainerDefinitions).toEqual([
      { path: 'cog.yaml', line: 1 },
    ]);
  });
});

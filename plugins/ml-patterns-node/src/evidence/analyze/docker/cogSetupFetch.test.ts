import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * Cog's server imports the predictor a `cog.yaml` names and runs its
 * `setup()` once, when the container starts: weights it downloads there
 * reach the server at start (Model-load), even beside another image of
 * the same folder whose build bakes its models in.
 */

const predictor = text`
  import os
  import subprocess
  import torch
  from cog import BasePredictor, Input

  WEIGHTS_URL = "https://weights.example.com/denoiser/weights.tar"
  WEIGHTS_DIR = "./weights"

  def download_weights(url, dest):
      subprocess.check_call(["pget", "-x", url, dest])

  class Predictor(BasePredictor):
      def setup(self):
          if not os.path.exists(WEIGHTS_DIR):
              download_weights(WEIGHTS_URL, WEIGHTS_DIR)
          self.net = torch.load(os.path.join(WEIGHTS_DIR, "denoiser.pth"))

      def predict(self, x: float = Input()) -> float:
          return float(self.net(x))
`;

const cogYaml = text`
  build:
    gpu: true
    python_version: "3.11"
    python_packages:
      - "torch==2.3.0"
  predict: "cog/predict.py:Predictor"
`;

describe("a Cog predictor's setup() download", () => {
  it('is Model-load, naming the fetch in the predictor', () => {
    const result = release({
      'cog.yaml': cogYaml,
      'cog/predict.py': predictor,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^cog\/predict\.py:10 pget run by subprocess\.check_call .*fetches the model when the server starts$/,
      ),
    ]);
    expect(result.evidence.servingProcesses).toEqual([
      expect.objectContaining({
        path: 'cog.yaml',
        line: 6,
        command: 'Cog predictor cog/predict.py',
        module: 'cog/predict.py',
        server: true,
      }),
    ]);
  });

  it('beside a Dockerfile that bakes the models of another server is mixed', () => {
    const result = release({
      'cog.yaml': cogYaml,
      'cog/predict.py': predictor,
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        RUN pip install torch==2.3.0 gradio==4.44.0
        RUN curl -L -o /app/weights/denoiser.pth https://weights.example.com/denoiser/denoiser.pth
        COPY demo /app/demo
        CMD ["python", "demo/app.py"]
      `,
      'demo/app.py': text`
        import gradio as gr
        import torch

        net = torch.load("/app/weights/denoiser.pth")
        gr.Interface(fn=lambda x: float(net(x)), inputs="number", outputs="number").launch()
      `,
    });
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (download-in-build): curl of a model',
    ]);
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^cog\/predict\.py:10 pget run by subprocess\.check_call .*fetches the model when the server starts$/,
      ),
    ]);
  });
});

import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * A Triton ensemble whose pre- and post-processing steps are Python-backend
 * code (`1/model.py`) around one trained network: even when their configs
 * name an ONNX platform (the script exporting them writes a normalisation
 * and a top-k as ONNX too), the steps hold no trained network of their own,
 * so the ensemble is one model.
 */

const onnx = (name: string) => text`
  name: "${name}"
  platform: "onnxruntime_onnx"
  max_batch_size: 4
`;

const pythonStep = (what: string) => text`
  import numpy as np
  import triton_python_backend_utils as pb_utils

  class TritonPythonModel:
      def execute(self, requests):
          # ${what}
          return [pb_utils.InferenceResponse([]) for _ in requests]
`;

const files = {
  'repo/pipeline/config.pbtxt': text`
    name: "pipeline"
    platform: "ensemble"
    ensemble_scheduling {
      step [
        { model_name: "normalise" model_version: -1
          input_map { key: "input" value: "image" }
          output_map { key: "output" value: "pixels" } },
        { model_name: "detector" model_version: -1
          input_map { key: "input" value: "pixels" }
          output_map { key: "output" value: "scores" } },
        { model_name: "top_k" model_version: -1
          input_map { key: "input" value: "scores" }
          output_map { key: "output" value: "labels" } }
      ]
    }
  `,
  'repo/normalise/config.pbtxt': onnx('normalise'),
  'repo/normalise/1/model.py': pythonStep('mean/std normalisation'),
  'repo/detector/config.pbtxt': onnx('detector'),
  'repo/top_k/config.pbtxt': onnx('top_k'),
  'repo/top_k/1/model.py': pythonStep('top-k of the scores'),
};

describe('a Triton ensemble with Python-backend processing steps', () => {
  it('is one model: the network with its steps', () => {
    const result = allInOneOf(files);
    expect(result.verdict).toBe('pass');
    expect(result.at).toEqual(['repo/pipeline/config.pbtxt:1']);
    expect(result.notes).toEqual([
      'Triton model repository repo/ hosts one model: Triton ensemble pipeline: network detector with its processing steps normalise, top_k',
    ]);
  });

  it('still counts a step whose code loads a network of its own', () => {
    const result = allInOneOf({
      ...files,
      'repo/top_k/1/model.py': text`
        import torch
        import triton_python_backend_utils as pb_utils

        class TritonPythonModel:
            def initialize(self, args):
                self.reranker = torch.jit.load("/models/top_k/1/reranker.pt")
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.at).toEqual(
      expect.arrayContaining([
        'repo/detector/config.pbtxt:1',
        'repo/top_k/config.pbtxt:1',
      ]),
    );
  });
});

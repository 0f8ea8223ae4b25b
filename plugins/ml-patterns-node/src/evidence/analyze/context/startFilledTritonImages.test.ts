import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * A Triton image that exports its one model into the server's model
 * folder when it starts (a start script running an export script before
 * tritonserver) while the repository also keeps a model-repository folder
 * of example configs that the Dockerfile never copies in: the image serves
 * what its start writes, not those configs.
 */

const onnx = (name: string) => text`
  name: "${name}"
  platform: "onnxruntime_onnx"
  max_batch_size: 4
`;

const files = {
  Dockerfile: text`
    FROM nvcr.io/nvidia/tritonserver:24.01-py3
    RUN pip install torch torchvision onnx
    COPY triton_models/export_model.py /opt/export_model.py
    COPY start.sh /opt/start.sh
    CMD ["bash", "/opt/start.sh"]
  `,
  'start.sh': text`
    #!/bin/bash
    python3 /opt/export_model.py
    exec tritonserver --model-repository=/models
  `,
  'triton_models/export_model.py': text`
    import torch
    import torchvision

    net = torchvision.models.resnet34(weights="DEFAULT").eval()
    torch.onnx.export(net, torch.randn(1, 3, 224, 224), "/models/classifier/1/model.onnx")
  `,
  'triton_models/classifier/config.pbtxt': onnx('classifier'),
  'triton_models/sample_detector/config.pbtxt': onnx('sample_detector'),
};

describe('a Triton image filled by its start, beside an uncopied model folder', () => {
  it('does not count the folder configs as served models', () => {
    const result = allInOneOf(files);
    expect(result.evidence.modelServers).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.at).toEqual(['start.sh:2', 'Dockerfile:5']);
  });

  it('counts them once the Dockerfile copies the folder in', () => {
    const result = allInOneOf({
      ...files,
      Dockerfile: files.Dockerfile.replace(
        'COPY start.sh',
        'COPY triton_models /models\nCOPY start.sh',
      ),
    });
    expect(result.verdict).toBe('fail');
    expect(result.at).toEqual(
      expect.arrayContaining([
        'triton_models/classifier/config.pbtxt:1',
        'triton_models/sample_detector/config.pbtxt:1',
      ]),
    );
  });

  it('counts them when a script mounts the folder into the container', () => {
    const result = allInOneOf({
      ...files,
      'run.sh': 'docker run -v $(pwd)/triton_models:/models triton-app\n',
    });
    expect(result.verdict).toBe('fail');
  });
});

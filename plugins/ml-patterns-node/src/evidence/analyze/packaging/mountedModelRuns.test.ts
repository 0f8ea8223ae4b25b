import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A stock model-server image started with the model folder bind-mounted
 * where the server reads its models gets its models when the container
 * starts (Model-load), even when no image of the repository is built.
 */
describe('runs of a stock model-server image with the models mounted', () => {
  const repository = {
    'models/classifier/config.pbtxt': text`
      name: "classifier"
      backend: "onnxruntime"
      max_batch_size: 8
    `,
    'client.py': text`
      import tritonclient.http as http
      client = http.InferenceServerClient("localhost:8000")
    `,
  };

  it('is Model-load, naming the documented docker run', () => {
    const result = release({
      ...repository,
      'README.md': text`
        # Serving

        Export the model to models/classifier/1/model.onnx, then start the server:

        ${'```'}bash
        docker run --rm -p8000:8000 -v $(pwd)/models:/models nvcr.io/nvidia/tritonserver:24.01-py3 tritonserver --model-repository=/models
        ${'```'}
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'README.md:6 docker run of the triton image nvcr.io/nvidia/tritonserver mounts $(pwd)/models at /models, where the server reads its models (/models): the models are supplied when the container starts (from the documentation: weaker evidence than a script or CI step)',
    ]);
  });

  it('reads the folder the server is told to read, and ignores a mount elsewhere', () => {
    const result = release({
      ...repository,
      'serve.sh': text`
        #!/bin/sh
        docker run -v ./logs:/var/log/triton nvcr.io/nvidia/tritonserver:24.01-py3 tritonserver --model-repository=/srv/repo
      `,
    });
    expect(result.pattern).toBe('unknown');
    expect(result.atStart).toEqual([]);
  });

  it('gives way to a model copied into an image', () => {
    const result = release({
      ...repository,
      Dockerfile: text`
        FROM nvcr.io/nvidia/tritonserver:24.01-py3
        COPY models /models
      `,
      'serve.sh': text`
        #!/bin/sh
        docker run -v "$PWD/models:/models" nvcr.io/nvidia/tritonserver:24.01-py3
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An entrypoint the Dockerfile writes itself (`RUN echo '…' > /entrypoint.sh`,
 * `RUN printf`, a BuildKit heredoc) instead of copying it: writing it runs
 * nothing during the build; the download script it runs fetches the model
 * when the container starts, before the server.
 */

const fetchScript = text`
  import torchvision

  def main():
      net = torchvision.models.resnet18(weights="DEFAULT")
      net.eval()
      export(net, "/models/classifier/1/model.onnx")

  if __name__ == "__main__":
      main()
`;

const withDockerfile = (dockerfile: string) => ({
  Dockerfile: dockerfile,
  'tools/fetch_weights.py': fetchScript,
});

describe('an entrypoint written by a RUN step', () => {
  it('runs the download at start (echo with \\n escapes): Model-load', () => {
    const result = release(
      withDockerfile(text`
        FROM nvcr.io/nvidia/tritonserver:24.01-py3
        RUN pip install torch torchvision onnx
        COPY tools/fetch_weights.py /opt/fetch_weights.py
        RUN echo '#!/bin/sh\n\
        python3 /opt/fetch_weights.py\n\
        exec tritonserver --model-repository=/models\n\
        ' > /entrypoint.sh && chmod +x /entrypoint.sh
        ENTRYPOINT ["/entrypoint.sh"]
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'tools/fetch_weights.py:4 start-up step downloads the model: pretrained weights in tools/fetch_weights.py, run at start by Dockerfile:4',
    ]);
  });

  it('reads a BuildKit heredoc the same way', () => {
    const result = release(
      withDockerfile(text`
        # syntax=docker/dockerfile:1.4
        FROM nvcr.io/nvidia/tritonserver:24.01-py3
        COPY tools/fetch_weights.py /opt/fetch_weights.py
        RUN cat <<'EOF' > /start.sh
        #!/bin/sh
        python3 /opt/fetch_weights.py
        exec tritonserver --model-repository=/models
        EOF
        CMD ["sh", "/start.sh"]
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'tools/fetch_weights.py:4 start-up step downloads the model: pretrained weights in tools/fetch_weights.py, run at start by Dockerfile:6',
    ]);
  });

  it('does not take the written text for a download during the build', () => {
    const result = release(
      withDockerfile(text`
        FROM nvcr.io/nvidia/tritonserver:24.01-py3
        COPY tools/fetch_weights.py /opt/fetch_weights.py
        RUN printf 'python3 /opt/fetch_weights.py\n' > /opt/refresh.sh
        CMD ["tritonserver", "--model-repository=/models"]
      `),
    );
    expect(result.inImage).toEqual([]);
    // Only the server image's own reading: nothing runs the written script.
    expect(result.atStart).toEqual([
      expect.stringMatching(/^Dockerfile:1 the image is triton's/),
    ]);
  });
});

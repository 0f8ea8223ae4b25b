import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';
import { installsPackages } from '../shell/packageInstall';

/**
 * A RUN step installing a package from a model hub's URL (a prebuilt wheel
 * kept beside a model) installs a library: the image holds no model, and a
 * model the server fetches from the hub when it starts is Model-load.
 */
describe('a package installed from a hub URL while the image is built', () => {
  it('is a library, not a model in the image: the hub download at start decides', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        RUN python -m pip install --no-cache-dir \
              https://huggingface.co/acme/runtime-wheels/resolve/main/fastllm-0.2.0-cp311-cp311-linux_x86_64.whl
        RUN pip install fastapi uvicorn huggingface_hub
        COPY serve.py .
        CMD ["python", "serve.py"]
      `,
      'serve.py': text`
        import os
        import uvicorn
        from fastapi import FastAPI
        from huggingface_hub import hf_hub_download
        from fastllm import Engine

        app = FastAPI()
        weights = hf_hub_download(os.environ.get("WEIGHTS_REPO", "acme/tiny-chat-gguf"), "tiny-chat.Q4.gguf")
        engine = Engine(weights)

        if __name__ == "__main__":
            uvicorn.run(app, host="0.0.0.0", port=8000)
      `,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(/^serve\.py:8 huggingface_hub\.hf_hub_download /),
    ]);
  });

  it('still reads a download of a model file by curl in the same step as Model-in-image', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        RUN pip install https://huggingface.co/acme/runtime-wheels/resolve/main/fastllm-0.2.0-py3-none-any.whl && \
            curl -L -o /app/tiny-chat.gguf https://huggingface.co/acme/tiny-chat-gguf/resolve/main/tiny-chat.Q4.gguf
        COPY serve.py .
        CMD ["python", "serve.py"]
      `,
      'serve.py': text`
        from fastapi import FastAPI
        from fastllm import Engine
        app = FastAPI()
        engine = Engine("/app/tiny-chat.gguf")
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (download-in-build): download from huggingface.co',
    ]);
  });

  it.each([
    [['pip', 'install', 'x'], true],
    [['pip3.11', '-q', 'install', 'x'], true],
    [['/usr/bin/python3', '-m', 'pip', 'install', 'x'], true],
    [['uv', 'pip', 'install', 'x'], true],
    [['uv', 'add', 'x'], true],
    [['conda', 'install', '-y', 'x'], true],
    [['apt-get', 'install', '-y', 'curl'], true],
    [['pip', 'show', 'x'], false],
    [['uv', 'run', 'fetch.py'], false],
    [['python', '-m', 'download_model'], false],
    [['curl', '-O', 'https://example.com/m.onnx'], false],
  ])('%j installs packages: %s', (words, expected) => {
    expect(installsPackages(words)).toBe(expected);
  });
});

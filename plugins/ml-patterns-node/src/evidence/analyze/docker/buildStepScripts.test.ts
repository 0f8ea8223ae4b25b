import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * Build steps written as a heredoc script (`RUN <<EOF`) or running a
 * Python script through its shebang (`RUN ./fetch.py`) are read like any
 * other RUN step: what they fetch is in the image.
 */

describe('build step scripts', () => {
  it('reads a heredoc RUN that starts a model server, pulls a model and stops it: the model is in the image', () => {
    const result = release({
      'server.Dockerfile': text`
        FROM ollama/ollama:0.5.0

        RUN <<SCRIPT
        ollama serve &
        server=$!
        sleep 3
        ollama pull acme-chat:1b
        kill $server
        SCRIPT
      `,
      'compose.yaml': text`
        services:
          llm:
            build:
              context: .
              dockerfile: server.Dockerfile
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'server.Dockerfile:3 model into image (download-in-build): ollama pull',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('keeps a heredoc that is the input of a command (RUN cat <<EOF > file) out of the step script', () => {
    const result = release({
      'server.Dockerfile': text`
        FROM ollama/ollama:0.5.0
        RUN cat <<NOTE > /etc/motd
        ollama pull acme-chat:1b
        NOTE
      `,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
  });

  it('follows RUN ./fetch.py (run through its shebang) into the script that builds pretrained torchvision weights', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY fetch_weights.py .
        RUN ./fetch_weights.py
        COPY . .
        CMD ["uvicorn", "service:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt':
        'torch==2.3.0\ntorchvision==0.18.0\nfastapi==0.111.0\n',
      'fetch_weights.py': text`
        #!/usr/bin/env python3
        from torchvision import models

        models.resnet18(pretrained=True)
      `,
      'service.py': text`
        from fastapi import FastAPI
        from torchvision import models
        app = FastAPI()
        net = models.resnet18(pretrained=True).eval()

        @app.post("/embed")
        def embed(pixels: list):
            return net(pixels).tolist()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:6 model into image (download-in-build): runs fetch_weights.py, which fetches a model (fetch_weights.py:4: pretrained weights)',
    ]);
    expect(result.atStart).toEqual([]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A server reading its model path from a configuration file of the
 * repository (`OmegaConf.load("config/serving.yaml")`), whose image
 * copies the folder that path is in (a folder git does not hold, filled
 * before the build): the model is in the image, and nothing fetches it at
 * start.
 */

const server = text`
  import os

  import torch
  from fastapi import FastAPI
  from omegaconf import OmegaConf
  from transformers import AutoTokenizer

  app = FastAPI()


  @app.on_event("startup")
  def startup():
      global config, tokenizer, model
      config = OmegaConf.load(os.environ.get("SERVING_CONFIG", "config/serving.yaml"))
      tokenizer = AutoTokenizer.from_pretrained(config.model)
      model = torch.jit.load(os.path.join(config.model, "traced.pt"))
`;

const dockerfile = text`
  FROM python:3.11-slim
  RUN pip install torch==2.3.0 transformers==4.44.0 omegaconf==2.3.0 fastapi==0.111.0 uvicorn==0.30.0
  COPY ./assets /srv/assets
  COPY ./config /srv/config
  COPY ./service /srv/service
  WORKDIR /srv
  CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0"]
`;

describe('a model path written in a configuration file the server names', () => {
  it('under a folder the image copies is Model-in-image, naming the COPY and the configuration line', () => {
    const result = release({
      Dockerfile: dockerfile,
      'config/serving.yaml': text`
        callback: http://localhost:9000/done
        model: assets/summarizer-v3
        max_tokens: 512
      `,
      'service/__init__.py': '',
      'service/main.py': server,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^Dockerfile:3 model into image \(directory\): \.\/assets → \/srv\/assets: the folder assets of the build context, where service\/main\.py:16 loads assets\/summarizer-v3\/traced\.pt \(as config\/serving\.yaml:2 configures it\)/,
      ),
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('naming a hub id stays a download at start', () => {
    const result = release({
      Dockerfile: dockerfile,
      'config/serving.yaml': text`
        model: acme/summarizer-v3
      `,
      'service/__init__.py': '',
      'service/main.py': server,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
  });
});

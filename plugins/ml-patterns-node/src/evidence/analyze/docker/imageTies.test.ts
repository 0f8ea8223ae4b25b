import { RepositoryFile } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { wantsContextContent } from '../repositoryContext/contextFiles';
import { repo, text } from '../__testUtils__/files';
import { releasePatternOf } from '../__testUtils__/releaseOf';

/**
 * Images tied to the rest of their repository by name: built `FROM` an
 * image another Dockerfile of the repository builds, or started by a
 * script or compose service with the command that serves.
 */

/** The release pattern of a folder of a larger repository, read as a reader hands it in. */
function releaseOfFolder(files: Record<string, string>, scope: string) {
  const inside: Record<string, string> = {};
  const around: RepositoryFile[] = [];
  for (const [path, value] of Object.entries(files)) {
    if (path.startsWith(`${scope}/`)) {
      inside[path.slice(scope.length + 1)] = value;
      continue;
    }
    const content = Buffer.from(value);
    around.push(
      wantsContextContent(path, content.length, scope)
        ? { path, size: content.length, content }
        : { path, size: content.length },
    );
  }
  return releasePatternOf(
    analyzeRepositoryFiles(repo(inside), {
      repository: { scope, files: around },
    }),
  );
}

const chatServer = text`
  from fastapi import FastAPI
  from transformers import AutoModelForCausalLM, AutoTokenizer

  app = FastAPI()
  tokenizer = AutoTokenizer.from_pretrained("acme/chat-small")
  model = AutoModelForCausalLM.from_pretrained("acme/chat-small")
`;

describe('a base image built from another Dockerfile of the repository', () => {
  const tree = {
    'docker/base.Dockerfile': text`
      FROM python:3.11-slim
      RUN pip install transformers==4.44.0 huggingface_hub==0.24.0
      ENV HF_HOME=/opt/hub
      ENV CHAT_MODEL=acme/chat-small
      RUN huggingface-cli download $CHAT_MODEL
    `,
    Makefile: text`
      BASE = acme/chat-base

      base:
      ${'\t'}docker build -f docker/base.Dockerfile -t $(BASE):1.2 .
    `,
    'services/chat/Dockerfile': text`
      FROM registry.acme.io/acme/chat-base:1.2
      WORKDIR /srv
      COPY app.py .
      CMD ["uvicorn", "app:app", "--host", "0.0.0.0"]
    `,
    'services/chat/app.py': chatServer,
  };

  it('brings what the base image fetched at build: the server reads it from the image', () => {
    const result = releaseOfFolder(tree, 'services/chat');
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      '../../docker/base.Dockerfile:5 model into image (download-in-build): huggingface-cli download, in the base image registry.acme.io/acme/chat-base:1.2 (Dockerfile:1) built from ../../docker/base.Dockerfile by ../../Makefile:4',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('is not tied when the build names another image', () => {
    const result = releaseOfFolder(
      {
        ...tree,
        Makefile: tree.Makefile.replace('$(BASE):1.2', 'acme/other-base:1.2'),
      },
      'services/chat',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
  });
});

describe('a start command outside the unit’s folder', () => {
  const serving = {
    'serving/Dockerfile': text`
      FROM python:3.11-slim
      RUN pip install mlflow==2.16.0 scikit-learn==1.5.1
      CMD ["/bin/bash"]
    `,
    'serve.sh': text`
      #!/bin/sh
      IMAGE=acme/churn-scorer
      MODEL=churn
      docker build -t $IMAGE -f serving/Dockerfile .
      docker run --rm -p 5000:5000 -v "$PWD/mlruns:/mlruns" $IMAGE \
        mlflow models serve -m "models:/\${MODEL}/3" --host 0.0.0.0 --no-conda
    `,
  };

  it('reads the command a root script runs the unit’s image with', () => {
    const result = releaseOfFolder(serving, 'serving');
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      '../serve.sh:5 start-up step downloads the model: mlflow models serve fetches models:/churn/3 when it starts (../serve.sh:5 starts the image Dockerfile builds with this command)',
    ]);
  });

  it('leaves an image that starts its own server to its own command', () => {
    const result = releaseOfFolder(
      {
        ...serving,
        'serving/Dockerfile': serving['serving/Dockerfile'].replace(
          'CMD ["/bin/bash"]',
          'COPY model.pkl /srv/model.pkl\nCMD ["python", "/srv/serve.py"]',
        ),
        'serving/model.pkl': 'pickle',
        'serving/serve.py': text`
          import joblib
          from flask import Flask
          app = Flask(__name__)
          model = joblib.load("/srv/model.pkl")
        `,
      },
      'serving',
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });

  it('reads the command of a compose service built from the folder', () => {
    const result = releaseOfFolder(
      {
        'scorer/Dockerfile': serving['serving/Dockerfile'],
        'scorer/docker-compose.yml': text`
          services:
            scorer:
              build: .
              command: mlflow models serve -m models:/churn/Production --host 0.0.0.0
              ports:
                - "5000:5000"
        `,
      },
      'scorer',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'docker-compose.yml:2 start-up step downloads the model: mlflow models serve fetches models:/churn/Production when it starts (docker-compose.yml:2 starts the image Dockerfile builds with this command)',
    ]);
  });
});

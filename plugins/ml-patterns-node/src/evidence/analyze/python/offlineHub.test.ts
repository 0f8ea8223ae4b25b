import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * Hub loads that read only files already present: `local_files_only=True`,
 * or the hub kept offline for the serving process (its module, the
 * compose service or Fly.io machine running the repository's image).
 */

const dockerfile = text`
  FROM python:3.11-slim
  WORKDIR /app
  COPY . /app
  RUN pip install -r requirements.txt
  CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
`;
const requirements = 'transformers==4.44.0\nfastapi==0.111.0\n';
const hubLoad = text`
  from fastapi import FastAPI
  from transformers import AutoModel
  app = FastAPI()
  model = AutoModel.from_pretrained("acme/bert-tiny")
`;

const loads = (result: ReturnType<typeof release>) =>
  result.evidence.modelLoaders.map(
    l => `${l.path}:${l.line} ${l.downloads ? 'downloads' : 'local'}`,
  );

describe('hub loads of files already present', () => {
  it('reads a hub load given local_files_only=True as no download at start', () => {
    const result = release({
      Dockerfile: dockerfile,
      'requirements.txt': requirements,
      'main.py': text`
        from fastapi import FastAPI
        from transformers import AutoModel, AutoTokenizer
        app = FastAPI()
        model = AutoModel.from_pretrained("acme/bert-tiny", local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(
            "acme/bert-tiny", local_files_only=True
        )
      `,
    });
    expect(loads(result)).toEqual(['main.py:4 local', 'main.py:5 local']);
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });

  it('still reads local_files_only=False as a download', () => {
    const result = release({
      Dockerfile: dockerfile,
      'requirements.txt': requirements,
      'main.py': text`
        from fastapi import FastAPI
        from transformers import AutoModel
        app = FastAPI()
        model = AutoModel.from_pretrained("acme/bert-tiny", local_files_only=False)
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'main.py:4 transformers.AutoModel.from_pretrained downloads acme/bert-tiny',
    ]);
  });

  it('reads HF_HUB_OFFLINE set at the top of the loading module', () => {
    const result = release({
      Dockerfile: dockerfile,
      'requirements.txt': requirements,
      'main.py': `import os\nos.environ["HF_HUB_OFFLINE"] = "1"\n${hubLoad}`,
    });
    expect(loads(result)).toEqual(['main.py:6 local']);
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });

  it('reads TRANSFORMERS_OFFLINE set with os.environ.setdefault in the module', () => {
    const result = release({
      Dockerfile: dockerfile,
      'requirements.txt': requirements,
      'main.py': `import os\nos.environ.setdefault("TRANSFORMERS_OFFLINE", "1")\n${hubLoad}`,
    });
    expect(loads(result)).toEqual(['main.py:6 local']);
  });

  it('reads HF_HUB_OFFLINE=1 in the compose service that builds the image', () => {
    const result = release({
      Dockerfile: dockerfile,
      'docker-compose.yml': text`
        services:
          api:
            build: .
            environment:
              - HF_HUB_OFFLINE=1
            volumes:
              - ./hf-cache:/root/.cache/huggingface
      `,
      'requirements.txt': requirements,
      'main.py': hubLoad,
    });
    expect(loads(result)).toEqual(['main.py:4 local']);
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });

  it('still reads a download when compose leaves the hub online by default, or sets it for another image', () => {
    const result = release({
      Dockerfile: dockerfile,
      'docker-compose.yml': text`
        services:
          api:
            build: .
            environment:
              HF_HUB_OFFLINE: \${HF_HUB_OFFLINE:-0}
          llm:
            image: ghcr.io/acme/llm-server:1.2
            environment:
              - HF_HUB_OFFLINE=1
      `,
      'requirements.txt': requirements,
      'main.py': hubLoad,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'main.py:4 transformers.AutoModel.from_pretrained downloads acme/bert-tiny',
    ]);
  });

  it('keeps the image ENV HF_HUB_OFFLINE=1 reading as no download', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        COPY . /app
        ENV HF_HUB_OFFLINE=1
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt': requirements,
      'main.py': hubLoad,
    });
    expect(result.evidence.dockerfiles[0].hubOffline).toEqual({
      path: 'Dockerfile',
      line: 4,
    });
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });
});

import { analyzeRepositoryFiles } from './index';
import { repo, text } from './__testUtils__/files';

describe('Dockerfile derivations', () => {
  it('sees a build ARG naming the model file used in a COPY', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'docker/Dockerfile': text`
          FROM python:3.11-slim
          ARG MODEL_FILE=model.pkl
          COPY requirements.txt /app/
          RUN pip install -r /app/requirements.txt
          COPY \${MODEL_FILE} /app/model/
          COPY src/ /app/src/
          HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1
          ENTRYPOINT ["python", "-m", "src.serve"]
        `,
        'requirements.txt': 'xgboost==2.0.3\n',
        'src/serve.py': 'print(1)\n',
      }),
    );
    const [dockerfile] = evidence.dockerfiles;
    expect(dockerfile.path).toBe('docker/Dockerfile');
    expect(dockerfile.modelsIntoImage).toEqual([
      {
        path: 'docker/Dockerfile',
        line: 5,
        via: 'build-arg',
        source: '${MODEL_FILE} (MODEL_FILE=model.pkl)',
      },
    ]);
    // The build context is the repository root (where requirements.txt and src/ exist).
    expect(dockerfile.installsManifests).toEqual([
      { path: 'requirements.txt' },
    ]);
    expect(dockerfile.stages[0].args).toEqual([
      { name: 'MODEL_FILE', defaultValue: 'model.pkl', line: 2 },
    ]);
    expect(dockerfile.stages[0].healthcheck).toEqual({
      value: 'CMD curl -f http://localhost:8080/health || exit 1',
      line: 7,
    });
    expect(dockerfile.stages[0].command).toEqual({
      value: 'python -m src.serve',
      line: 8,
    });
  });

  it('sees a model downloaded in the final stage at build time', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM pytorch/torchserve:0.11.0-cpu
          RUN wget -q https://download.pytorch.org/models/densenet161-8d451a50.pth -O /home/model-server/densenet161.pth
          RUN curl -fsSL https://install.python-poetry.org | python3 -
          ADD https://huggingface.co/acme/ranker/resolve/main/model.onnx /models/
        `,
      }),
    );
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      {
        path: 'Dockerfile',
        line: 2,
        via: 'download-in-build',
        source: 'wget of a model',
      },
      {
        path: 'Dockerfile',
        line: 4,
        via: 'download-in-build',
        source: 'https://huggingface.co/acme/ranker/resolve/main/model.onnx',
      },
    ]);
  });

  it('sees a start-up download in CMD and in the entrypoint script it runs', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          WORKDIR /app
          COPY . .
          RUN pip install poetry==1.8.3 && poetry install --no-root
          COPY scripts/entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
        `,
        'pyproject.toml':
          '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "0.111.0"\n',
        'poetry.lock': '# lock\n',
        'scripts/entrypoint.sh': text`
          #!/bin/sh
          set -e
          # fetch the model chosen by MODEL_URI before serving
          aws s3 cp "$MODEL_URI" /models/model.pt
          exec uvicorn app:app --host 0.0.0.0
        `,
        'Dockerfile.local':
          'FROM python:3.11\nCMD python download_model.py && uvicorn app:app\n',
      }),
    );
    const main = evidence.dockerfiles.find(d => d.path === 'Dockerfile')!;
    expect(main.startupDownloads).toEqual([
      {
        path: 'scripts/entrypoint.sh',
        line: 4,
        description:
          'aws s3 cp of a model: aws s3 cp $MODEL_URI /models/model.pt',
      },
    ]);
    expect(main.installsManifests).toEqual([
      { path: 'pyproject.toml' },
      { path: 'poetry.lock' },
    ]);
    // poetry itself is tooling, not a dependency of the served code.
    expect(
      evidence.dependencyManifests.filter(m => m.path === 'Dockerfile'),
    ).toEqual([]);
    const local = evidence.dockerfiles.find(
      d => d.path === 'Dockerfile.local',
    )!;
    expect(local.startupDownloads).toEqual([
      {
        path: 'Dockerfile.local',
        line: 2,
        description: 'model download script: python download_model.py',
      },
    ]);
  });

  it('reads inline pip installs as a manifest at their line', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile:
          'FROM python:3.11-slim\nRUN pip install --upgrade pip && \\\n    pip install --no-cache-dir "scikit-learn==1.4.2" pandas fastapi[all]\n',
      }),
    );
    expect(evidence.dependencyManifests).toEqual([
      {
        path: 'Dockerfile',
        kind: 'other',
        line: 2,
        includes: [],
        requirements: [
          { name: 'scikit-learn', specifier: '==1.4.2', pinned: true, line: 2 },
          { name: 'pandas', specifier: '', pinned: false, line: 2 },
          { name: 'fastapi', specifier: '', pinned: false, line: 2 },
        ],
      },
    ]);
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'Dockerfile', line: 2 },
    ]);
  });

  it('does not count a builder stage model that the final stage does not copy', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11 AS builder
          RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
          RUN python download_model.py --out /opt/model
          FROM python:3.11-slim
          COPY --from=builder /opt/venv /opt/venv
          CMD ["/opt/venv/bin/python", "serve.py"]
        `,
      }),
    );
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });

  it('follows a final stage built FROM an earlier stage that copied the model', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile:
          'FROM python:3.11-slim AS base\nCOPY model.safetensors /m/\nFROM base AS prod\nCMD ["python", "serve.py"]\n',
      }),
    );
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      { path: 'Dockerfile', line: 2, via: 'file', source: 'model.safetensors' },
    ]);
    expect(evidence.dockerfiles[0].stages[1]).toMatchObject({
      name: 'prod',
      baseImage: 'base',
      line: 3,
    });
  });
});

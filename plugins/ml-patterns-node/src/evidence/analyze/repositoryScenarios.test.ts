import { analyzeRepositoryFiles } from './index';
import { repo, text } from './__testUtils__/files';

/**
 * Realistic repositories written for this project, one per situation the
 * engine has to tell apart. Every fact is asserted with its path and line.
 */

const servingRequirements =
  'fastapi==0.111.0\nuvicorn==0.30.1\nscikit-learn==1.4.2\njoblib==1.4.2\n';

const plainDockerfile = text`
  FROM python:3.11-slim
  WORKDIR /app
  COPY requirements.txt .
  RUN pip install --no-cache-dir -r requirements.txt
  COPY app/ app/
  CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"]
`;

describe('model-load with an init container and no probe', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      Dockerfile: plainDockerfile,
      'requirements.txt': servingRequirements,
      'app/main.py': text`
        import os

        import joblib
        from fastapi import FastAPI

        MODEL_PATH = os.environ["MODEL_PATH"]
        model = joblib.load(MODEL_PATH)
        app = FastAPI()
      `,
      'deploy/deployment.yaml': text`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: churn-predictor
        spec:
          selector:
            matchLabels:
              app: churn-predictor
          template:
            metadata:
              labels:
                app: churn-predictor
            spec:
              volumes:
                - name: model
                  emptyDir: {}
              initContainers:
                - name: fetch-model
                  image: google/cloud-sdk:slim
                  command: ["sh", "-c", "gsutil cp $(MODEL_URI) /models/model.joblib"]
                  env:
                    - name: MODEL_URI
                      value: gs://acme-models/churn/v3/model.joblib
              containers:
                - name: server
                  image: ghcr.io/acme/churn-server:1.4.0
                  env:
                    - name: MODEL_PATH
                      value: /models/model.joblib
                    - name: LOG_LEVEL
                      value: info
      `,
    }),
  );

  it('sees the init container download and the missing probe', () => {
    expect(evidence.problems).toEqual([]);
    expect(evidence.workloads).toHaveLength(1);
    const [deployment] = evidence.workloads;
    expect(deployment).toMatchObject({
      path: 'deploy/deployment.yaml',
      line: 1,
      kind: 'Deployment',
      name: 'churn-predictor',
      groupLabel: 'app=churn-predictor',
      modelsLoaded: 1,
      modelsLoadedEvidence: [
        {
          path: 'deploy/deployment.yaml',
          line: 28,
          note: 'server: env MODEL_PATH',
        },
      ],
    });
    expect(deployment.initContainers[0].downloadsModel).toEqual({
      path: 'deploy/deployment.yaml',
      line: 20,
      description: 'init container fetch-model: gsutil cp',
    });
    expect(deployment.containers[0].readinessProbe).toBeUndefined();
    expect(deployment.containers[0].startupProbe).toBeUndefined();
  });

  it('sees a configured load and no model in the image', () => {
    expect(evidence.modelLoaders).toEqual([
      {
        path: 'app/main.py',
        line: 7,
        call: 'joblib.load',
        configured: true,
        configKey: 'MODEL_PATH',
        downloads: false,
        multiple: false,
        inServingCode: true,
        role: 'model',
      },
    ]);
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'requirements.txt' },
    ]);
    expect(evidence.modelFiles).toEqual([]);
  });
});

describe('model-in-image via a directory COPY', () => {
  it('reports the COPY of a folder that holds a model file', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          WORKDIR /srv
          COPY requirements.txt .
          RUN pip install -r requirements.txt
          COPY models/ /srv/models/
          COPY app/ app/
          ENV MODEL_PATH=/srv/models/classifier.onnx
          CMD ["uvicorn", "app.main:app"]
        `,
        'requirements.txt': 'onnxruntime==1.18.0\nfastapi==0.111.0\n',
        'models/classifier.onnx': Buffer.from([8, 1, 18, 4, 0, 0]),
        'models/README.md': '# exported by train.py\n',
        'app/main.py':
          'import onnxruntime as ort\nimport os\nsession = ort.InferenceSession(os.getenv("MODEL_PATH"))\n',
      }),
    );
    expect(evidence.modelFiles).toEqual(['models/classifier.onnx']);
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      { path: 'Dockerfile', line: 5, via: 'directory', source: 'models/' },
    ]);
    expect(evidence.dockerfiles[0].stages[0].env).toEqual([
      { name: 'MODEL_PATH', value: '/srv/models/classifier.onnx', line: 7 },
    ]);
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'app/main.py',
        line: 3,
        call: 'onnxruntime.InferenceSession',
        configured: true,
        configKey: 'MODEL_PATH',
      }),
    ]);
  });

  it('reports a model folder the build expects but git does not hold (only a .gitkeep)', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile:
          'FROM python:3.11-slim\nCOPY artifacts/ /app/artifacts/\nCOPY serve.py /app/\n',
        'artifacts/.gitkeep': '',
        'serve.py': 'print("x")\n',
      }),
    );
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      { path: 'Dockerfile', line: 2, via: 'directory', source: 'artifacts/' },
    ]);
  });

  it('does not take a code package called models/ for model artefacts', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: 'FROM python:3.11-slim\nCOPY models/ /app/models/\n',
        'models/__init__.py': '',
        'models/schemas.py': 'class Item: ...\n',
      }),
    );
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });
});

describe('multi-stage COPY --from', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      Dockerfile: text`
        FROM python:3.11 AS fetch
        RUN pip install huggingface_hub==0.23.4 \
         && huggingface-cli download distilbert/distilbert-base-uncased-finetuned-sst-2-english --local-dir /opt/model

        FROM python:3.11 AS deps
        COPY requirements.txt .
        RUN pip install --prefix=/install -r requirements.txt

        FROM python:3.11-slim
        COPY --from=deps /install /usr/local
        COPY --from=fetch /opt/model /app/model
        COPY app/ /app/app/
        CMD ["python", "-m", "app.server"]
      `,
      'requirements.txt': 'transformers==4.41.2\ntorch==2.3.1\n',
      'app/server.py': text`
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained("/app/model")
        model = AutoModelForSequenceClassification.from_pretrained("/app/model")
      `,
    }),
  );

  it('follows the model from the fetch stage into the final image, not the deps stage', () => {
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      {
        path: 'Dockerfile',
        line: 11,
        via: 'stage',
        source: 'fetch:/opt/model',
      },
    ]);
    expect(evidence.dockerfiles[0].stages.map(s => [s.name, s.line])).toEqual([
      ['fetch', 1],
      ['deps', 5],
      ['2', 9],
    ]);
    expect(evidence.dockerfiles[0].stages[2].copies[0]).toEqual({
      line: 10,
      instruction: 'COPY',
      from: 'deps',
      sources: ['/install'],
      destination: '/usr/local',
    });
  });

  it('sees the manifests installed into stages that reach the final image', () => {
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'Dockerfile', line: 2 },
      { path: 'requirements.txt' },
    ]);
    expect(evidence.dependencyManifests).toContainEqual({
      path: 'Dockerfile',
      kind: 'other',
      line: 2,
      includes: [],
      requirements: [
        {
          name: 'huggingface_hub',
          specifier: '==0.23.4',
          pinned: true,
          line: 2,
        },
      ],
    });
  });

  it('lists the tokenizer as a companion of the model, and a local path is not a download', () => {
    // The container's start command (`python -m app.server`) is the serving process.
    expect(evidence.modelLoaders).toEqual([
      {
        path: 'app/server.py',
        line: 3,
        call: 'transformers.AutoTokenizer.from_pretrained',
        configured: false,
        target: '/app/model',
        downloads: false,
        multiple: false,
        inServingCode: true,
        role: 'companion',
      },
      {
        path: 'app/server.py',
        line: 4,
        call: 'transformers.AutoModelForSequenceClassification.from_pretrained',
        configured: false,
        target: '/app/model',
        downloads: false,
        multiple: false,
        inServingCode: true,
        role: 'model',
      },
    ]);
    expect(evidence.servingProcesses).toEqual([
      {
        path: 'Dockerfile',
        line: 13,
        command: 'python -m app.server',
        module: 'app/server.py',
        // Started by the container, but no server launcher or serving framework is seen.
        server: false,
        models: [
          {
            path: 'app/server.py',
            line: 4,
            name: '/app/model',
            call: 'transformers.AutoModelForSequenceClassification.from_pretrained',
            several: false,
            companions: [
              {
                path: 'app/server.py',
                line: 3,
                name: '/app/model',
                call: 'transformers.AutoTokenizer.from_pretrained',
              },
            ],
          },
        ],
      },
    ]);
  });
});

describe('three models in the image but one loaded, chosen by env', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        COPY . .
        RUN pip install -r requirements.txt
        CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
      `,
      'requirements.txt':
        'flask==3.0.3\ngunicorn==22.0.0\nscikit-learn==1.4.2\n',
      'models/fraud-v1.pkl': 'x',
      'models/fraud-v2.pkl': 'x',
      'models/fraud-v3.pkl': 'x',
      'app.py': text`
        import os
        import pickle
        from flask import Flask

        MODEL_DIR = "models"
        MODEL_NAME = os.environ.get("MODEL_NAME", "fraud-v3.pkl")

        with open(os.path.join(MODEL_DIR, MODEL_NAME), "rb") as f:
            model = pickle.load(f)

        app = Flask(__name__)
      `,
      'k8s/deployment.yaml': text`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: fraud-scorer
        spec:
          template:
            spec:
              containers:
                - name: scorer
                  image: ghcr.io/acme/fraud-scorer:2.0.0
                  env:
                    - name: MODEL_NAME
                      value: fraud-v2.pkl
                  readinessProbe:
                    httpGet:
                      path: /ready
                      port: 8000
      `,
    }),
  );

  it('sees the models copied in with COPY . .', () => {
    expect(evidence.modelFiles).toEqual([
      'models/fraud-v1.pkl',
      'models/fraud-v2.pkl',
      'models/fraud-v3.pkl',
    ]);
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      { path: 'Dockerfile', line: 3, via: 'directory', source: '.' },
    ]);
  });

  it('counts one model loaded: one configured load, one model env var', () => {
    expect(evidence.modelLoaders).toEqual([
      {
        path: 'app.py',
        line: 9,
        call: 'pickle.load',
        configured: true,
        configKey: 'MODEL_NAME',
        downloads: false,
        multiple: false,
        inServingCode: true,
        role: 'model',
      },
    ]);
    expect(evidence.workloads[0]).toMatchObject({
      modelsLoaded: 1,
      modelsLoadedEvidence: [
        {
          path: 'k8s/deployment.yaml',
          line: 12,
          note: 'scorer: env MODEL_NAME',
        },
      ],
    });
    expect(evidence.workloads[0].containers[0].readinessProbe).toEqual({
      path: 'k8s/deployment.yaml',
      line: 15,
      description: 'httpGet /ready',
    });
  });
});

describe('a notebook-only repository with >= requirements', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      'README.md': '# Churn exploration\n',
      'notebooks/01-explore.ipynb': '{"cells": []}',
      'notebooks/02-train.ipynb': '{"cells": []}',
      'notebooks/__init__.py': '',
      'requirements.txt': 'pandas>=2.0\nscikit-learn>=1.3\nmatplotlib\n',
    }),
  );

  it('has notebooks and no code', () => {
    expect(evidence.notebooks).toEqual([
      'notebooks/01-explore.ipynb',
      'notebooks/02-train.ipynb',
    ]);
    expect(evidence.codeFiles).toEqual([]);
  });

  it('has requirements that are not pinned', () => {
    expect(evidence.dependencyManifests).toEqual([
      {
        path: 'requirements.txt',
        kind: 'requirements',
        includes: [],
        requirements: [
          { name: 'pandas', specifier: '>=2.0', pinned: false, line: 1 },
          { name: 'scikit-learn', specifier: '>=1.3', pinned: false, line: 2 },
          { name: 'matplotlib', specifier: '', pinned: false, line: 3 },
        ],
      },
    ]);
    expect(evidence.lockfiles).toEqual([]);
    expect(evidence.dockerfiles).toEqual([]);
    expect(evidence.codeReview).toEqual([]);
    expect(evidence.ci).toEqual([]);
  });
});

describe('a monorepo subfolder', () => {
  const monorepo: Record<string, string> = {
    'poetry.lock': '# root lock of another project\n',
    CODEOWNERS: '* @acme/platform\n',
    '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    'services/ranker/Dockerfile':
      'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
    'services/ranker/requirements.txt': 'lightgbm>=4\n',
    'services/ranker/ranker/serve.py':
      'import lightgbm as lgb\nbooster = lgb.Booster(model_file="model.txt")\n',
  };
  // What a reader hands in for `services/ranker`: only that folder, relative paths.
  const prefix = 'services/ranker/';
  const files = repo(
    Object.fromEntries(
      Object.entries(monorepo)
        .filter(([path]) => path.startsWith(prefix))
        .map(([path, content]) => [path.slice(prefix.length), content]),
    ),
  );
  const evidence = analyzeRepositoryFiles(files, {
    location: 'url:https://github.com/acme/mono/tree/main/services/ranker',
  });

  it('does not see the root lockfile, CODEOWNERS or CI of the monorepo', () => {
    expect(evidence.location).toBe(
      'url:https://github.com/acme/mono/tree/main/services/ranker',
    );
    expect(evidence.fileCount).toBe(3);
    expect(evidence.lockfiles).toEqual([]);
    expect(evidence.codeReview).toEqual([]);
    expect(evidence.ci).toEqual([]);
  });

  it('reads the subfolder with paths relative to it', () => {
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['Dockerfile']);
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'requirements.txt' },
    ]);
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'ranker/serve.py',
        line: 2,
        call: 'lightgbm.Booster',
        target: 'model.txt',
      }),
    ]);
  });
});

describe('a committed model file never copied into the image', () => {
  it('is a model file, not Model-in-image', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: plainDockerfile,
        'requirements.txt': servingRequirements,
        'app/main.py':
          'import os, joblib\nmodel = joblib.load(os.environ["MODEL_PATH"])\n',
        'fallback/model.joblib': 'x',
      }),
    );
    expect(evidence.modelFiles).toEqual(['fallback/model.joblib']);
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });

  it('COPY . . does not ship a model the .dockerignore excludes', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\n',
        '.dockerignore': '.git\n**/*.pkl\nnotebooks/\n',
        'serve.py': 'print(1)\n',
        'experiments/model.pkl': 'x',
      }),
    );
    expect(evidence.modelFiles).toEqual(['experiments/model.pkl']);
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });
});

describe('a server loading three literal models', () => {
  it('reports three loads with three distinct targets', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'server.py': text`
          import joblib
          from fastapi import FastAPI

          app = FastAPI()
          churn = joblib.load("models/churn.pkl")
          upsell = joblib.load("models/upsell.pkl")
          fraud = joblib.load("models/fraud.pkl")
        `,
      }),
    );
    expect(
      evidence.modelLoaders.map(l => [
        l.path,
        l.line,
        l.call,
        l.target,
        l.configured,
        l.multiple,
      ]),
    ).toEqual([
      ['server.py', 5, 'joblib.load', 'models/churn.pkl', false, false],
      ['server.py', 6, 'joblib.load', 'models/upsell.pkl', false, false],
      ['server.py', 7, 'joblib.load', 'models/fraud.pkl', false, false],
    ]);
  });

  it('follows a helper function to its three call sites', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'serving/registry.py': text`
          from pathlib import Path

          import torch

          BASE = Path(__file__).parent / "weights"


          def load(name):
              """Load a TorchScript model (torch.load is not used)."""
              return torch.jit.load(name)


          MODELS = {
              "detector": load(BASE / "detector.pt"),
              "classifier": load(BASE / "classifier.pt"),
              "ranker": load("weights/ranker.pt"),
          }
        `,
      }),
    );
    expect(evidence.modelLoaders.map(l => [l.line, l.call, l.target])).toEqual([
      [14, 'torch.jit.load', 'weights/detector.pt'],
      [15, 'torch.jit.load', 'weights/classifier.pt'],
      [16, 'torch.jit.load', 'weights/ranker.pt'],
    ]);
  });

  it('marks a loop over a folder as multiple', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'app.py': text`
          import glob
          import joblib

          models = {}
          for path in glob.glob("models/*.joblib"):
              models[path] = joblib.load(path)
          extra = {name: joblib.load(f"extra/{name}.joblib") for name in ["a", "b"]}
        `,
      }),
    );
    expect(
      evidence.modelLoaders.map(l => [l.line, l.multiple, l.target]),
    ).toEqual([
      [6, true, undefined],
      [7, true, undefined],
    ]);
  });
});

describe('a log sidecar next to a model server', () => {
  it('counts the model server only', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'k8s/recommender.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: recommender
            labels:
              app.kubernetes.io/name: recommender
          spec:
            template:
              spec:
                containers:
                  - name: model-server
                    image: ghcr.io/acme/recommender:3.1.0
                    env:
                      - name: MODEL_URI
                        valueFrom:
                          configMapKeyRef: {name: recommender, key: model-uri}
                    startupProbe:
                      httpGet: {path: /v2/health/ready, port: 8080}
                  - name: fluent-bit
                    image: fluent/fluent-bit:3.0
                    env:
                      - name: LOG_MODEL_PATH
                        value: /var/log/model
                  - name: envoy
                    image: envoyproxy/envoy:v1.30
        `,
      }),
    );
    const [workload] = evidence.workloads;
    expect(workload.containers.map(c => [c.name, !!c.sidecar])).toEqual([
      ['model-server', false],
      ['fluent-bit', true],
      ['envoy', true],
    ]);
    expect(workload.modelsLoaded).toBe(1);
    expect(workload.modelsLoadedEvidence).toEqual([
      {
        path: 'k8s/recommender.yaml',
        line: 14,
        note: 'model-server: env MODEL_URI',
      },
    ]);
    expect(workload.containers[0].env[0]).toEqual({
      name: 'MODEL_URI',
      value: undefined,
      line: 14,
    });
    expect(workload.containers[0].startupProbe).toEqual({
      path: 'k8s/recommender.yaml',
      line: 18,
      description: 'httpGet /v2/health/ready',
    });
    expect(workload.groupLabel).toBe('app.kubernetes.io/name=recommender');
  });

  it('counts several model env vars in one container as several models', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'deploy.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: all-models}
          spec:
            template:
              spec:
                containers:
                  - name: api
                    image: acme/api:1
                    env:
                      - {name: CHURN_MODEL_PATH, value: /models/churn.pkl}
                      - {name: UPSELL_MODEL_PATH, value: /models/upsell.pkl}
                      - {name: UPSELL_MODEL_VERSION, value: "7"}
                      - {name: MODEL_TIMEOUT_SECONDS, value: "3"}
        `,
      }),
    );
    expect(evidence.workloads[0].modelsLoaded).toBe(2);
    expect(evidence.workloads[0].modelsLoadedEvidence.map(e => e.line)).toEqual(
      [11, 12],
    );
  });
});

describe('a model path read from configuration in another module', () => {
  it('follows a class attribute read from an env var, through the constructor', () => {
    // The layout of ml-system-in-actions' serving patterns, scored at `src/`.
    const evidence = analyzeRepositoryFiles(
      repo({
        'configurations.py': text`
          import os


          class APIConfigurations:
              title = os.getenv("API_TITLE", "ServingPattern")


          class ModelConfigurations:
              model_filepath = os.getenv("MODEL_FILEPATH")
              if not os.path.exists(model_filepath):
                  model_filepath = "/model_load_pattern/models/default_iris_svc.onnx"
        `,
        'ml/prediction.py': text`
          import onnxruntime as rt
          from src.configurations import ModelConfigurations


          class Classifier(object):
              def __init__(
                  self,
                  model_filepath: str,
              ):
                  self.model_filepath: str = model_filepath
                  self.classifier = None
                  self.load_model()

              def load_model(self):
                  self.classifier = rt.InferenceSession(self.model_filepath)


          classifier = Classifier(
              model_filepath=ModelConfigurations().model_filepath,
          )
        `,
      }),
    );
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'ml/prediction.py',
        line: 18,
        call: 'onnxruntime.InferenceSession',
        configured: true,
        configKey: 'MODEL_FILEPATH',
      }),
    ]);
  });

  it('follows pydantic settings imported relatively and a constant imported by name', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'app/core/config.py': text`
          from pydantic_settings import BaseSettings, SettingsConfigDict


          class Settings(
              BaseSettings,
          ):
              model_config = SettingsConfigDict(env_prefix="CHURN_")

              model_path: str = "models/churn.joblib"
              scaler_path: str


          settings = Settings()
        `,
        'app/constants.py': text`
          import os

          ENCODER_PATH = os.environ.get("ENCODER_PATH", "models/encoder.joblib")
          LABELS_PATH = "models/labels.joblib"
        `,
        'app/api/model.py': text`
          import joblib
          from fastapi import FastAPI

          from ..core.config import settings
          from app.constants import ENCODER_PATH, LABELS_PATH

          model = joblib.load(settings.model_path)
          scaler = joblib.load(settings.scaler_path)
          encoder = joblib.load(ENCODER_PATH)
          labels = joblib.load(LABELS_PATH)
        `,
      }),
    );
    expect(
      evidence.modelLoaders.map(l => [
        l.line,
        l.configured,
        l.configKey,
        l.target,
      ]),
    ).toEqual([
      [7, true, 'CHURN_MODEL_PATH', undefined],
      [8, true, 'CHURN_SCALER_PATH', undefined],
      [9, true, 'ENCODER_PATH', undefined],
      [10, false, undefined, 'models/labels.joblib'],
    ]);
  });

  it('finds the constructor call in the module that imports the class', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'service/model.py': text`
          import torch


          class Detector:
              def __init__(self, weights: str) -> None:
                  self.weights = weights
                  self.net = torch.jit.load(self.weights)
        `,
        'service/main.py': text`
          import os

          from fastapi import FastAPI

          from service.model import Detector

          detector = Detector(os.environ["WEIGHTS_URI"])
          app = FastAPI()
        `,
      }),
    );
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'service/main.py',
        line: 7,
        call: 'torch.jit.load',
        configured: true,
        configKey: 'WEIGHTS_URI',
        inServingCode: true,
      }),
    ]);
  });

  it('does not take a same-named module of another library for the project’s', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'utils.py': text`
          import os

          MODEL = os.getenv("OTHER_MODEL")
        `,
        'serve.py': text`
          import joblib
          from sklearn.utils import MODEL

          model = joblib.load("models/model.joblib")
        `,
      }),
    );
    expect(evidence.modelLoaders).toEqual([
      expect.objectContaining({
        configured: false,
        target: 'models/model.joblib',
      }),
    ]);
  });
});

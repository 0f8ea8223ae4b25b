import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { builtInRules } from './rules';
import { evaluateEntity } from './evaluateEntity';
import { makeEntity, makeInput } from './__testUtils__/factories';

/**
 * "A model provided without the code and data that made it": a repository
 * that commits trained weights but no code that trains them and no data.
 * With nobody reviewing the work apart from a single owner, or with no CI,
 * that is the Only-me anti-pattern.
 */
function score(files: Record<string, string | Buffer>, owner: string) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'serving-unit',
      entity: makeEntity({ type: 'service', owner }),
      evidence,
    }),
    builtInRules,
  );
  const check = report.checks.find(
    c => c.ruleId === 'only-me/model-provenance',
  )!;
  return {
    onlyMe: report.antiPatterns['only-me'],
    check,
    at: check.evidence.map(e => (e.line ? `${e.path}:${e.line}` : e.path)),
  };
}

/** Stand-in for trained weights: binary content of a realistic size. */
const WEIGHTS = Buffer.alloc(4096, 7);

const APP = text`
  import joblib
  from flask import Flask, request
  from tensorflow.keras.models import load_model

  app = Flask(__name__)
  model = load_model("classifier.h5")
  scaler = joblib.load("scaler.pkl")

  @app.route("/predict", methods=["POST"])
  def predict():
      features = scaler.transform([request.json["features"]])
      return {"score": float(model.predict(features)[0][0])}
`;

const PINNED = 'flask==3.0.0\ntensorflow==2.15.0\nscikit-learn==1.4.0\n';

const PULL_REQUEST_CHECKS = text`
  on:
    pull_request:
  jobs:
    test:
      runs-on: ubuntu-latest
      steps:
        - uses: actions/checkout@v4
        - run: docker build -t classifier .
`;

const DOCKERFILE = text`
  FROM python:3.11-slim
  COPY . /app
  WORKDIR /app
  RUN pip install -r requirements.txt
  CMD ["python", "app.py"]
`;

const SHIPPED_MODEL = {
  'app.py': APP,
  'classifier.h5': WEIGHTS,
  'scaler.pkl': Buffer.alloc(900, 3),
  'requirements.txt': PINNED,
};

describe('a repository that ships a trained model without its training code', () => {
  it('is Only-me when its single owner is the only one who reviews it', () => {
    const { onlyMe, check, at } = score(
      {
        ...SHIPPED_MODEL,
        Dockerfile: DOCKERFILE,
        '.github/workflows/ci.yml': PULL_REQUEST_CHECKS,
      },
      'user:default/ada',
    );
    expect(check.verdict).toBe('fail');
    expect(at).toEqual(['classifier.h5', 'scaler.pkl']);
    expect(check.message).toContain('no training script or notebook');
    expect(onlyMe).toBe('detected');
  });

  it('is Only-me for a team when nothing reviews or checks it', () => {
    const { onlyMe, check, at } = score(
      {
        ...SHIPPED_MODEL,
        'src/unet.py': text`
          from tensorflow import keras

          def build(inputs):
              return keras.Model(inputs, keras.layers.Conv2D(1, 1)(inputs))
        `,
        'data/.gitkeep': '',
      },
      'group:default/data-science',
    );
    expect(check.verdict).toBe('fail');
    expect(at[0]).toBe('classifier.h5');
    expect(onlyMe).toBe('detected');
  });

  it('stays clear for a team that names reviewers in CODEOWNERS', () => {
    const { onlyMe, check } = score(
      {
        ...SHIPPED_MODEL,
        '.github/CODEOWNERS': '* @example/ml-team\n',
      },
      'group:default/ml-team',
    );
    expect(check.verdict).toBe('fail');
    expect(onlyMe).toBe('clear');
  });

  it('stays clear for a team with CI even without a review file', () => {
    const { onlyMe, check } = score(
      {
        ...SHIPPED_MODEL,
        Dockerfile: DOCKERFILE,
        '.github/workflows/ci.yml': PULL_REQUEST_CHECKS,
      },
      'group:default/ml-team',
    );
    expect(check.verdict).toBe('fail');
    expect(onlyMe).toBe('clear');
  });
});

describe('a repository that ships a model and the code that trains it', () => {
  it('passes at the line that fits the model, anywhere in the repository', () => {
    const { onlyMe, check, at } = score(
      {
        ...SHIPPED_MODEL,
        Dockerfile: DOCKERFILE,
        '.github/workflows/ci.yml': PULL_REQUEST_CHECKS,
        'training/build_model.py': text`
          import pandas as pd
          from tensorflow import keras

          frame = pd.read_csv("heart.csv")
          model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
          model.compile(optimizer="adam", loss="binary_crossentropy")
          model.fit(frame.drop(columns="target"), frame["target"], epochs=10)
          model.save("classifier.h5")
        `,
      },
      'user:default/ada',
    );
    expect(check.verdict).toBe('pass');
    expect(at).toEqual(['training/build_model.py:7']);
    expect(onlyMe).toBe('clear');
  });

  it('passes on a PyTorch training loop', () => {
    const { check, at } = score(
      {
        'serve.py': 'import torch\nmodel = torch.load("net.pt")\n',
        'net.pt': WEIGHTS,
        'loop.py': text`
          import torch

          def epoch(model, batches, optimizer, loss_fn):
              for inputs, targets in batches:
                  optimizer.zero_grad()
                  loss_fn(model(inputs), targets).backward()
                  optimizer.step()
        `,
      },
      'user:default/ada',
    );
    expect(check.verdict).toBe('pass');
    expect(at).toEqual(['loop.py:5']);
  });

  it('passes when a notebook may train it', () => {
    const { check, at } = score(
      { ...SHIPPED_MODEL, 'notebooks/experiments.ipynb': '{"cells": []}' },
      'user:default/ada',
    );
    expect(check.verdict).toBe('pass');
    expect(at).toEqual(['notebooks/experiments.ipynb']);
  });

  it('passes when the training data is versioned', () => {
    const { check, at } = score(
      { ...SHIPPED_MODEL, 'data/heart.csv.dvc': 'outs:\n- path: heart.csv\n' },
      'user:default/ada',
    );
    expect(check.verdict).toBe('pass');
    expect(at[0]).toMatch(/^data\/heart\.csv\.dvc/);
  });
});

describe('a folder of a larger repository that ships a model', () => {
  function scoreFolder(around: Record<string, string>) {
    const evidence = analyzeRepositoryFiles(repo(SHIPPED_MODEL), {
      repository: { scope: 'services/classifier', files: repo(around) },
    });
    const report = evaluateEntity(
      makeInput({
        role: 'serving-unit',
        entity: makeEntity({ owner: 'user:default/ada' }),
        evidence,
      }),
      builtInRules,
    );
    return report.checks.find(c => c.ruleId === 'only-me/model-provenance')!;
  }

  it('counts code elsewhere in the repository as its training code', () => {
    const check = scoreFolder({
      'README.md': '# models\n',
      'research/train_classifier.py': 'model.fit(x, y)\n',
    });
    expect(check.verdict).toBe('pass');
    expect(check.evidence.map(e => e.path)).toEqual([
      '../../research/train_classifier.py',
    ]);
  });

  it('fails when the repository around it holds no code either', () => {
    const check = scoreFolder({ 'README.md': '# models\n' });
    expect(check.verdict).toBe('fail');
    expect(check.evidence.map(e => e.path)).toEqual([
      'classifier.h5',
      'scaler.pkl',
    ]);
  });
});

describe('model files that are not shipped models', () => {
  it('does not judge placeholders or test fixtures', () => {
    const { onlyMe, check } = score(
      {
        'app.py': APP,
        'classifier.h5': 'placeholder',
        'tests/fixtures/tiny.pkl': WEIGHTS,
        'requirements.txt': PINNED,
        Dockerfile: DOCKERFILE,
        '.github/workflows/ci.yml': PULL_REQUEST_CHECKS,
      },
      'user:default/ada',
    );
    expect(check.verdict).toBe('not-applicable');
    expect(onlyMe).toBe('clear');
  });
});

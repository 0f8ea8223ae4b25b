import { evaluateEntity } from '../../../engine/evaluateEntity';
import { builtInRules } from '../../../engine/rules';
import {
  makeEntity,
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/** The Only-me verdict of a repository and its automated-checks check, evidence as `path:line note`. */
function onlyMeOf(files: Record<string, string>, owner: string) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'repository',
      entity: makeEntity({ owner }),
      evidence: makeEvidence(evidence),
    }),
    builtInRules,
  );
  const check = (id: string) => {
    const found = report.checks.find(c => c.ruleId === id)!;
    return {
      verdict: found.verdict,
      message: found.message,
      evidence: found.evidence.map(e =>
        'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
      ),
    };
  };
  return {
    onlyMe: report.antiPatterns['only-me'],
    checks: check('only-me/automated-checks'),
    pinned: check('only-me/pinned-dependencies'),
  };
}

const servingApp = {
  Dockerfile: text`
    FROM python:3.11-slim
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY . .
    CMD ["gunicorn", "app:app"]
  `,
  'app.py': text`
    import pickle
    from flask import Flask
    app = Flask(__name__)
    clf = pickle.load(open("model/clf.pkl", "rb"))
  `,
  'requirements.txt': 'flask\ngunicorn\nscikit-learn\n',
};

describe('CI configurations read for whether they check a change', () => {
  it('reads Azure pipelines under any name: a pull-request pipeline running tests checks changes', () => {
    const result = onlyMeOf(
      {
        'trainer/train.py': 'import sklearn\n',
        Dockerfile: 'FROM python:3.10\nRUN pip install -r requirements.txt\n',
        'requirements.txt': 'scikit-learn\n',
        'build/validate.yml': text`
          trigger: none
          pr:
            branches:
              include:
                - main
          pool:
            vmImage: ubuntu-latest
          steps:
            - template: steps/tests.yml
        `,
        'build/steps/tests.yml': text`
          steps:
            - script: pytest tests
              displayName: Unit tests
        `,
      },
      'group:default/forecasting',
    );
    // The included template is part of the pipeline, not one of its own.
    expect(result.checks).toEqual({
      verdict: 'pass',
      message: 'CI configured: azure-pipelines.',
      evidence: ['build/validate.yml:2 azure-pipelines'],
    });
    // No reviewers and nothing pinned, but CI checks every pull request.
    expect(result.onlyMe).toBe('clear');
  });

  it('an Azure pipeline with neither push nor pull-request trigger checks no change', () => {
    const result = onlyMeOf(
      {
        'trainer/train.py': 'import sklearn\n',
        Dockerfile: 'FROM python:3.10\nRUN pip install -r requirements.txt\n',
        'requirements.txt': 'scikit-learn\n',
        'ops/retrain.yaml': text`
          pr: none
          trigger: none
          schedules:
            - cron: "0 3 * * 1"
              branches:
                include: [main]
          jobs:
            - job: retrain
              steps:
                - bash: python trainer/train.py
        `,
      },
      'group:default/forecasting',
    );
    expect(result.checks.verdict).toBe('fail');
    expect(result.checks.evidence).toEqual([
      'ops/retrain.yaml:2 azure-pipelines: runs only on a schedule (no push or pull-request trigger)',
    ]);
    expect(result.onlyMe).toBe('detected');
  });

  it('a Cloud Build configuration that only builds, pushes and deploys the image checks no change', () => {
    const result = onlyMeOf(
      {
        ...servingApp,
        'cloudbuild.yaml': text`
          steps:
          - name: gcr.io/cloud-builders/docker
            args: ['build', '-t', 'gcr.io/$PROJECT_ID/api:$SHORT_SHA', '.']
          - name: gcr.io/cloud-builders/docker
            args: ['push', 'gcr.io/$PROJECT_ID/api:$SHORT_SHA']
          - name: gcr.io/google.com/cloudsdktool/cloud-sdk
            entrypoint: gcloud
            args: ['run', 'deploy', 'api', '--image', 'gcr.io/$PROJECT_ID/api:$SHORT_SHA']
        `,
      },
      'group:default/moderation',
    );
    expect(result.checks.verdict).toBe('fail');
    expect(result.checks.evidence).toEqual([
      'cloudbuild.yaml:2 other: only builds, pushes and deploys images (docker build, docker push, gcloud run), running no tests or other checks',
    ]);
    // Unpinned ML libraries, no reviewers and no check of changes.
    expect(result.onlyMe).toBe('detected');
  });

  it('a Cloud Build configuration with a test step checks changes', () => {
    const result = onlyMeOf(
      {
        ...servingApp,
        'cloudbuild.yaml': text`
          steps:
          - name: python:3.11
            entrypoint: bash
            args: ['-c', 'pip install -r requirements.txt && pytest']
          - name: gcr.io/cloud-builders/docker
            args: ['build', '-t', 'gcr.io/$PROJECT_ID/api', '.']
        `,
      },
      'group:default/moderation',
    );
    expect(result.checks).toEqual({
      verdict: 'pass',
      message: 'CI configured: other.',
      evidence: ['cloudbuild.yaml:1 other'],
    });
    expect(result.onlyMe).toBe('clear');
  });
});

describe('conda environment files under any name', () => {
  it('reads a conda environment by its content and names the unpinned line', () => {
    const result = onlyMeOf(
      {
        'src/train.py': 'import sklearn\n',
        'envs/training_deps.yml': text`
          name: training
          channels:
            - conda-forge
          dependencies:
            - python=3.10
            - pip
            - pip:
                - scikit-learn
                - mlflow==2.9.2
        `,
        // A chart's dependencies are no conda environment.
        'chart/Chart.yaml': text`
          apiVersion: v2
          name: api
          dependencies:
            - name: redis
              version: 17.0.0
              repository: https://charts.bitnami.com/bitnami
        `,
      },
      'user:default/sam',
    );
    expect(result.pinned.verdict).toBe('fail');
    expect(result.pinned.evidence).toEqual([
      'envs/training_deps.yml:8 scikit-learn (no version) is not pinned',
    ]);
    expect(result.onlyMe).toBe('detected');
  });

  it('a pinned conda environment under another name pins the work', () => {
    const result = onlyMeOf(
      {
        'src/train.py': 'import sklearn\n',
        'ci_deps.yaml': text`
          dependencies:
            - python=3.10.13
            - scikit-learn=1.4.2
            - pip:
                - mlflow==2.9.2
        `,
      },
      'group:default/forecasting',
    );
    expect(result.pinned.verdict).toBe('pass');
    expect(result.pinned.evidence).toEqual([
      'ci_deps.yaml:1 conda-environment: every requirement pinned',
    ]);
  });
});

describe('CI that runs only on one person machine', () => {
  const lockedTrainer = {
    Dockerfile: text`
      FROM python:3.11
      COPY pyproject.toml poetry.lock ./
      RUN pip install poetry && poetry install --no-root
      COPY . .
    `,
    'pyproject.toml': text`
      [tool.poetry]
      name = "segmenter"
      version = "0.1.0"

      [tool.poetry.dependencies]
      python = "^3.11"
      torch = "^2.2"
    `,
    'poetry.lock': '# locked\n',
    'src/train.py': 'import torch\n',
  };

  it('a GitLab pipeline whose jobs run on the runner that mounts a home folder checks nothing others can run', () => {
    const result = onlyMeOf(
      {
        ...lockedTrainer,
        '.gitlab-ci.yml': text`
          stages: [build, train]
          build:
            stage: build
            tags: [lab-desktop]
            script:
              - docker build -t trainer .
          train:
            stage: train
            tags: [lab-desktop]
            script:
              - docker run --gpus all -v /home/mira/data/scans:/app/data trainer
        `,
      },
      'user:default/mira',
    );
    expect(result.checks.verdict).toBe('fail');
    expect(result.checks.evidence).toEqual([
      ".gitlab-ci.yml:11 gitlab-ci: runs only on one person's machine: job train uses /home/mira/data/scans from a home directory, and every job runs on the runner tagged lab-desktop",
    ]);
    // One owner, no reviewers, and the only check runs on the owner's machine.
    expect(result.onlyMe).toBe('detected');
  });

  it('a job on a shared runner still checks changes, and a home folder named by a variable is no one person', () => {
    const result = onlyMeOf(
      {
        ...lockedTrainer,
        '.gitlab-ci.yml': text`
          test:
            image: python:3.11
            script:
              - pytest
          train:
            tags: [lab-desktop]
            script:
              - docker run -v /home/mira/data:/data trainer
          cache:
            script:
              - rm -rf /home/$USER/cache
        `,
      },
      'user:default/mira',
    );
    expect(result.checks).toEqual({
      verdict: 'pass',
      message: 'CI configured: gitlab-ci.',
      evidence: ['.gitlab-ci.yml:1 gitlab-ci'],
    });
    expect(result.onlyMe).toBe('clear');
  });
});

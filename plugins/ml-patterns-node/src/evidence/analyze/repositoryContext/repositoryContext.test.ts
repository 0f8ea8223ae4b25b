import { wantsContextContent } from './contextFiles';
import { relativeToScope } from './relativeToScope';
import { text } from '../__testUtils__/files';
import { analyzeFolderOf as analyzeFolder } from '../__testUtils__/folderOf';

/** Laid out like kserve: servers under python/, their Dockerfiles beside them. */
const kserveLike: Record<string, string> = {
  OWNERS: text`
    approvers:
      - alice
    reviewers:
      - bob
  `,
  '.github/workflows/python-test.yml': text`
    on:
      pull_request:
        paths:
          - "python/**"
          - "!python/**.md"
    jobs: {}
  `,
  '.github/workflows/go.yml': text`
    on:
      push:
        paths: ["pkg/**", "cmd/**"]
      pull_request:
        paths:
          - "**"
          - "!python/**"
    jobs: {}
  `,
  'python/sklearn.Dockerfile': text`
    FROM python:3.11-slim AS builder
    COPY kserve/pyproject.toml kserve/uv.lock kserve/
    RUN cd kserve && uv sync --active --no-cache
    COPY kserve kserve
    COPY sklearnserver/pyproject.toml sklearnserver/uv.lock sklearnserver/
    RUN cd sklearnserver && uv sync --active --no-cache
    COPY sklearnserver sklearnserver
    RUN pip install --no-cache-dir tomli

    FROM python:3.11-slim AS prod
    COPY --from=builder kserve kserve
    COPY --from=builder sklearnserver sklearnserver
    ENTRYPOINT ["python", "-m", "sklearnserver"]
  `,
  'python/predictiveserver.Dockerfile': text`
    FROM python:3.11-slim
    COPY kserve kserve
    COPY sklearnserver sklearnserver
    COPY predictiveserver predictiveserver
    RUN cd predictiveserver && uv pip install --no-cache . && pip install gunicorn
    COPY models/ /mnt/models/
    ENTRYPOINT ["python", "-m", "predictiveserver"]
  `,
  'python/xgb.Dockerfile': text`
    FROM python:3.11-slim
    COPY kserve kserve
    COPY xgbserver xgbserver
    ENTRYPOINT ["python", "-m", "xgbserver"]
  `,
  'python/kserve/pyproject.toml': '[project]\nname = "kserve"\n',
  'python/kserve/uv.lock': 'version = 1\n',
  'python/kserve/kserve/model.py': 'class Model: ...\n',
  'python/xgbserver/xgbserver/model.py': 'import xgboost\n',
  'python/predictiveserver/pyproject.toml': '[project]\nname = "p"\n',
  'python/predictiveserver/predictiveserver/__main__.py': 'print()\n',
  'python/models/bundled.joblib': 'not really a model',
  'python/sklearnserver/pyproject.toml': text`
    [project]
    name = "sklearnserver"
    dependencies = ["scikit-learn~=1.5.1", "joblib>=1.4.0"]
  `,
  'python/sklearnserver/uv.lock': 'version = 1\n',
  'python/sklearnserver/sklearnserver/__main__.py': text`
    import argparse
    from sklearnserver import SKLearnModel
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_dir", required=True)
  `,
  'python/sklearnserver/sklearnserver/model.py': 'import joblib\n',
  'python/sklearnserver/sklearnserver/test_model.py': 'import joblib\n',
  'python/sklearnserver/sklearnserver/example_models/pkl/model.pkl':
    'pickled test fixture',
  'pkg/controller/main.go': 'package main\n',
  'go.mod': 'module github.com/acme/mono\n',
};

describe('a server folder of a monorepo, read with the repository around it', () => {
  const evidence = analyzeFolder(kserveLike, 'python/sklearnserver');

  it('keeps the folder’s own facts relative to it', () => {
    expect(evidence.status).toBe('ok');
    expect(evidence.fileCount).toBe(6);
    expect(evidence.codeFiles).toEqual([
      'sklearnserver/__main__.py',
      'sklearnserver/model.py',
      'sklearnserver/test_model.py',
    ]);
  });

  it('is reviewed through the OWNERS file at the repository root', () => {
    expect(evidence.codeReview).toEqual([
      { path: '../../OWNERS', line: 2, kind: 'OWNERS' },
    ]);
  });

  it('counts the workflows whose path filters include the folder, not the others', () => {
    expect(evidence.ci).toEqual([
      {
        path: '../../.github/workflows/python-test.yml',
        line: 1,
        kind: 'github-actions',
      },
    ]);
  });

  it('finds the Dockerfiles beside it that build it, and only those', () => {
    expect(evidence.dockerfiles.map(d => d.path).sort()).toEqual([
      '../predictiveserver.Dockerfile',
      '../sklearn.Dockerfile',
    ]);
  });

  it('reads the image that runs the folder in full, with paths relative to the folder', () => {
    const own = evidence.dockerfiles.find(
      d => d.path === '../sklearn.Dockerfile',
    )!;
    expect(own.installsManifests).toEqual(
      expect.arrayContaining([
        { path: '../kserve/pyproject.toml' },
        { path: '../kserve/uv.lock' },
        { path: 'pyproject.toml' },
        { path: 'uv.lock' },
      ]),
    );
    // The test fixtures under the copied folder are not a served model.
    expect(own.modelsIntoImage).toEqual([]);
  });

  it('takes from an image that only bundles the folder neither its models nor its installs', () => {
    const bundling = evidence.dockerfiles.find(
      d => d.path === '../predictiveserver.Dockerfile',
    )!;
    expect(bundling.modelsIntoImage).toEqual([]);
    expect(bundling.installsManifests).toEqual([]);
    expect(evidence.dependencyManifests.map(m => m.path).sort()).toEqual([
      '../sklearn.Dockerfile',
      'pyproject.toml',
    ]);
  });

  it('has the folder’s lockfile pin its manifest and the image built from it', () => {
    expect(evidence.lockfiles).toEqual([
      {
        path: 'uv.lock',
        kind: 'uv.lock',
        pins: ['pyproject.toml', '../sklearn.Dockerfile'],
      },
    ]);
  });
});

describe('CODEOWNERS at the repository root', () => {
  const service = {
    'services/ranker/serve.py': 'import lightgbm\n',
    'services/ranker/requirements.txt': 'lightgbm==4.3.0\n',
    'services/ranker/README.md': '# ranker\n',
  };

  it.each([
    ['everything', '* @acme/platform\n', 1],
    [
      'the folder, after a catch-all',
      '* @acme/platform\n/services/ranker/ @acme/ranking\n',
      2,
    ],
    ['an unanchored folder name', 'ranker/ @acme/ranking\n', 1],
    ['a glob on extensions', '*.py @acme/python\n', 1],
    [
      'a GitLab section with default owners',
      '[Ranking] @acme/ranking\n/services/\n',
      2,
    ],
  ])('counts when its rules give the folder owners: %s', (_, rules, line) => {
    for (const location of [
      'CODEOWNERS',
      '.github/CODEOWNERS',
      'docs/CODEOWNERS',
    ]) {
      const evidence = analyzeFolder(
        { ...service, [location]: rules },
        'services/ranker',
      );
      expect(evidence.codeReview).toEqual([
        {
          path: `../../${location}`,
          line,
          kind: 'CODEOWNERS',
        },
      ]);
    }
  });

  it.each([
    ['another folder only', '/docs/ @acme/writers\n'],
    ['the documentation files only', '*.md @acme/writers\n'],
    [
      'a later rule that takes owners away',
      '* @acme/platform\n/services/ranker/\n',
    ],
    ['the files directly in a parent only', '/services/* @acme/platform\n'],
  ])('does not count when it covers %s', (_, rules) => {
    const evidence = analyzeFolder(
      { ...service, '.github/CODEOWNERS': rules },
      'services/ranker',
    );
    expect(evidence.codeReview).toEqual([]);
    expect(evidence.problems).toContainEqual({
      path: '../../.github/CODEOWNERS',
      message:
        'CODEOWNERS names no owners for services/ranker; it does not count as its code review',
    });
  });

  it('is not read from elsewhere in the repository', () => {
    const evidence = analyzeFolder(
      { ...service, 'services/other/CODEOWNERS': '* @acme/other\n' },
      'services/ranker',
    );
    expect(evidence.codeReview).toEqual([]);
  });
});

describe('Prow OWNERS above the folder', () => {
  const owners = 'approvers:\n  - alice\n';

  it('applies from every level above, nearest first', () => {
    const evidence = analyzeFolder(
      {
        OWNERS: owners,
        'services/OWNERS': owners,
        'services/ranker/serve.py': 'print()\n',
        'services/other/OWNERS': owners,
      },
      'services/ranker',
    );
    expect(evidence.codeReview.map(r => r.path)).toEqual([
      '../OWNERS',
      '../../OWNERS',
    ]);
  });

  it('stops at no_parent_owners', () => {
    const evidence = analyzeFolder(
      {
        OWNERS: owners,
        'services/OWNERS':
          'options:\n  no_parent_owners: true\nreviewers: []\n',
        'services/ranker/serve.py': 'print()\n',
      },
      'services/ranker',
    );
    expect(evidence.codeReview).toEqual([]);
  });
});

describe('CI of the repository', () => {
  const folder = { 'ml/trainer/train.py': 'print()\n' };

  it.each([
    ['on: push\n', true],
    ['on: [push, pull_request]\n', true],
    ['on:\n  pull_request:\n    paths: ["ml/**"]\n', true],
    ['on:\n  pull_request:\n    paths: ["web/**"]\n', false],
    ['on:\n  pull_request:\n    paths-ignore: ["ml/**"]\n', false],
    ['on:\n  pull_request:\n    paths-ignore: ["docs/**"]\n', true],
    // GitHub's `**` also matches within a segment: `**.py` is any Python file.
    ['on:\n  pull_request:\n    paths: ["**.py"]\n', true],
    ['on:\n  pull_request:\n    paths-ignore: ["**.py"]\n', false],
    ['on:\n  pull_request:\n    paths: ["web/**"]\n  merge_group: {}\n', true],
    ['on:\n  schedule:\n    - cron: "0 0 * * *"\n', true],
  ])('a workflow triggered by %j counts: %s', (trigger, counts) => {
    const evidence = analyzeFolder(
      { ...folder, '.github/workflows/ci.yml': `${trigger}jobs: {}\n` },
      'ml/trainer',
    );
    expect(evidence.ci.map(c => c.path)).toEqual(
      counts ? ['../../.github/workflows/ci.yml'] : [],
    );
  });

  it('counts root and parent pipelines, not those of sibling projects', () => {
    const evidence = analyzeFolder(
      {
        ...folder,
        '.gitlab-ci.yml': 'test:\n  script: pytest\n',
        'ml/Jenkinsfile': 'pipeline {}\n',
        'web/.gitlab-ci.yml': 'build:\n  script: npm test\n',
      },
      'ml/trainer',
    );
    expect(evidence.ci).toEqual([
      { path: '../../.gitlab-ci.yml', line: 1, kind: 'gitlab-ci' },
      { path: '../Jenkinsfile', line: 1, kind: 'jenkins' },
    ]);
  });
});

describe('a Dockerfile building the whole repository', () => {
  const files = {
    'services/ranker/serve.py': 'import joblib\n',
    'services/ranker/requirements.txt': 'joblib==1.4.2\n',
    'services/ranker/models/ranker.joblib': 'model bytes',
    'services/search/serve.py': 'print()\n',
  };

  it('builds the folder when it copies the context and runs the folder', () => {
    const evidence = analyzeFolder(
      {
        ...files,
        Dockerfile: text`
          FROM python:3.11-slim
          WORKDIR /app
          COPY . .
          RUN pip install -r services/ranker/requirements.txt
          CMD ["python", "services/ranker/serve.py"]
        `,
      },
      'services/ranker',
    );
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['../../Dockerfile']);
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'requirements.txt' },
    ]);
    // The whole context is copied, and with it the folder's model.
    expect(evidence.dockerfiles[0].modelsIntoImage).toEqual([
      expect.objectContaining({ path: '../../Dockerfile', line: 3 }),
    ]);
  });

  it('does not build a folder it copies along but never uses', () => {
    const evidence = analyzeFolder(
      {
        ...files,
        Dockerfile: text`
          FROM python:3.11-slim
          WORKDIR /app
          COPY . .
          CMD ["python", "services/search/serve.py"]
        `,
      },
      'services/ranker',
    );
    expect(evidence.dockerfiles).toEqual([]);
  });

  it('builds a folder under a named folder it copies', () => {
    const evidence = analyzeFolder(
      {
        ...files,
        Dockerfile: text`
          FROM python:3.11-slim
          COPY ./services ./services
          RUN ./build-all.sh
          CMD ["serve-all"]
        `,
      },
      'services/ranker',
    );
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['../../Dockerfile']);
  });
});

describe('an image built from the folder’s parent', () => {
  // Laid out like ml-system-in-actions' model_load_pattern: `src/` is built
  // by the Dockerfile beside it, which installs the parent's requirements.
  const evidence = analyzeFolder(
    {
      'pattern/Dockerfile': text`
        FROM python:3.8-slim
        WORKDIR /model_load_pattern
        ADD ./requirements.txt /model_load_pattern/
        RUN pip install --no-cache-dir -r requirements.txt
        COPY ./src/ /model_load_pattern/src/
        COPY ./run.sh /model_load_pattern/run.sh
        CMD [ "./run.sh" ]
      `,
      'pattern/run.sh': text`
        #!/bin/bash
        APP_NAME=\${APP_NAME:-"src.app.app:app"}
        gunicorn \${APP_NAME} -b 0.0.0.0:8000
      `,
      'pattern/requirements.txt': 'fastapi>=0.65.2\nonnxruntime==1.4.0\n',
      'pattern/src/app/app.py': 'from fastapi import FastAPI\n',
      'pattern/src/ml/prediction.py': 'import onnxruntime\n',
    },
    'pattern/src',
  );

  it('reads the requirements it installs from above the folder', () => {
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['../Dockerfile']);
    expect(evidence.dependencyManifests).toEqual([
      {
        path: '../requirements.txt',
        kind: 'requirements',
        includes: [],
        requirements: [
          { name: 'fastapi', specifier: '>=0.65.2', pinned: false, line: 1 },
          { name: 'onnxruntime', specifier: '==1.4.0', pinned: true, line: 2 },
        ],
      },
    ]);
  });
});

describe('deployment manifests of the project the folder belongs to', () => {
  /** Laid out like ml-system-in-actions' model_load_pattern, scored at `src/`. */
  const project = (manifests: Record<string, string>) => ({
    'model_load_pattern/Dockerfile': text`
      FROM python:3.11-slim
      WORKDIR /model_load_pattern
      COPY ./requirements.txt .
      RUN pip install --no-cache-dir -r requirements.txt
      COPY ./src/ /model_load_pattern/src/
      CMD ["gunicorn", "src.app.app:app", "-k", "uvicorn.workers.UvicornWorker"]
    `,
    'model_load_pattern/requirements.txt': 'fastapi==0.111.0\n',
    'model_load_pattern/src/app/app.py':
      'from fastapi import FastAPI\napp = FastAPI()\n',
    'model_load_pattern/model_loader/Dockerfile': text`
      FROM python:3.11-slim
      COPY main.py .
      CMD ["python", "main.py"]
    `,
    'model_load_pattern/model_loader/manifests/job.yml': text`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: loader-smoke-test
      spec:
        template:
          spec:
            containers:
              - name: loader
                image: acme/model-loader:0.0.1
    `,
    'other_pattern/manifests/deployment.yml': text`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: other
      spec:
        template:
          spec:
            containers:
              - name: other
                image: acme/other:0.0.1
    `,
    ...manifests,
  });
  const deployment = text`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: model-load
    spec:
      template:
        spec:
          containers:
            - name: model-load
              image: acme/model_load_pattern_api:0.0.1
              env:
                - name: MODEL_FILEPATH
                  value: /workdir/iris_svc.onnx
          initContainers:
            - name: model-loader
              image: acme/model_load_pattern_loader:0.0.1
              command: ["python", "-m", "src.main", "--gcs_bucket", "models", "--gcs_model_blob", "iris_svc.onnx", "--model_filepath", "/workdir/iris_svc.onnx"]
  `;

  it('reads the manifests beside the Dockerfile that builds and runs the folder', () => {
    const evidence = analyzeFolder(
      project({ 'model_load_pattern/manifests/deployment.yml': deployment }),
      'model_load_pattern/src',
    );
    expect(evidence.workloads).toEqual([
      expect.objectContaining({
        path: '../manifests/deployment.yml',
        kind: 'Deployment',
        name: 'model-load',
        initContainers: [
          expect.objectContaining({
            name: 'model-loader',
            downloadsModel: expect.objectContaining({
              path: '../manifests/deployment.yml',
            }),
          }),
        ],
      }),
    ]);
  });

  it('reads none when no Dockerfile above builds the folder', () => {
    const files = project({
      'model_load_pattern/manifests/deployment.yml': deployment,
    });
    delete (files as Record<string, string>)['model_load_pattern/Dockerfile'];
    expect(analyzeFolder(files, 'model_load_pattern/src').workloads).toEqual(
      [],
    );
  });

  it('asks only for YAML files near the folder', () => {
    const scope = 'chapter3/model_load_pattern/src';
    expect(
      wantsContextContent(
        'chapter3/model_load_pattern/k8s/deployment.yml',
        900,
        scope,
      ),
    ).toBe(true);
    expect(wantsContextContent('deploy/all/deployment.yml', 900, scope)).toBe(
      false,
    );
    expect(
      wantsContextContent(
        'chapter3/model_load_pattern/a/b/c/d/x.yml',
        900,
        scope,
      ),
    ).toBe(false);
  });
});

describe('lockfiles above the folder', () => {
  const member = {
    'packages/scorer/pyproject.toml':
      '[project]\nname = "scorer"\ndependencies = ["numpy>=1.26"]\n',
    'packages/scorer/scorer/app.py': 'import numpy\n',
  };

  it('pin the members of a uv workspace rooted there', () => {
    const evidence = analyzeFolder(
      {
        ...member,
        'pyproject.toml':
          '[project]\nname = "root"\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        'uv.lock': 'version = 1\n',
      },
      'packages/scorer',
    );
    expect(evidence.lockfiles).toEqual([
      { path: '../../uv.lock', kind: 'uv.lock', pins: ['pyproject.toml'] },
    ]);
  });

  it('do not pin a folder that is its own project', () => {
    const evidence = analyzeFolder(
      {
        ...member,
        'pyproject.toml': '[tool.poetry]\nname = "root"\n',
        'poetry.lock': '# lock of the root project\n',
      },
      'packages/scorer',
    );
    expect(evidence.lockfiles).toEqual([]);
  });
});

describe('relativeToScope', () => {
  it.each([
    ['python/sklearnserver', 'CODEOWNERS', '../../CODEOWNERS'],
    [
      'python/sklearnserver',
      'python/sklearn.Dockerfile',
      '../sklearn.Dockerfile',
    ],
    ['python/sklearnserver', 'python/sklearnserver/uv.lock', 'uv.lock'],
    ['a/b', 'a/bc/x', '../bc/x'],
    ['svc', '.github/workflows/ci.yml', '../.github/workflows/ci.yml'],
  ])('%s + %s → %s', (scope, path, expected) => {
    expect(relativeToScope(scope, path)).toBe(expected);
  });
});

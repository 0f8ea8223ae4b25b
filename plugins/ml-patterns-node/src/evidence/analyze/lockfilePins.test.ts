import { RULE_IDS } from '@ml-patterns/plugin-ml-patterns-common';
import { makeInput } from '../../engine/__testUtils__/factories';
import { runCheck } from '../../engine/__testUtils__/runCheck';
import { pinnedDependenciesRule } from '../../engine/rules/onlyMe';
import { analyzeRepositoryFiles } from './index';
import { repo, text } from './__testUtils__/files';

/**
 * A root lockfile belongs to the root project. In a repository that also
 * holds sub-projects (each with its own Dockerfile installing its own
 * requirements, as in ml-system-in-actions or MLServer), it does not pin
 * them.
 */
describe('a root lockfile beside sub-projects', () => {
  const evidence = analyzeRepositoryFiles(
    repo({
      'pyproject.toml': text`
        [tool.poetry]
        name = "platform"
        [tool.poetry.dependencies]
        numpy = "^1.26"
      `,
      'poetry.lock': '# poetry lock\n',
      'requirements/dev.txt': 'pytest>=8\n',
      Dockerfile: text`
        FROM python:3.11-slim
        COPY pyproject.toml poetry.lock ./
        RUN pip install poetry==1.8.2 && poetry install --no-root && pip install gunicorn
        CMD ["gunicorn", "platform.app:app"]
      `,
      'services/api/Dockerfile': text`
        FROM python:3.11-slim
        COPY requirements.txt .
        RUN pip install -r requirements.txt && pip install "lightgbm>=4.0"
        CMD ["uvicorn", "app:app"]
      `,
      'services/api/requirements.txt': 'xgboost>=2.0\nscikit-learn==1.4.2\n',
      'services/api/app.py': 'from fastapi import FastAPI\n',
    }),
  );

  it('pins its own project: the manifests beside it, its requirements folder and the image installing from it', () => {
    expect(evidence.lockfiles).toEqual([
      {
        path: 'poetry.lock',
        kind: 'poetry.lock',
        pins: ['pyproject.toml', 'requirements/dev.txt', 'Dockerfile'],
      },
    ]);
  });

  it('leaves the sub-project’s requirements and image installs unpinned', () => {
    const check = runCheck(pinnedDependenciesRule, makeInput({ evidence }));
    expect(check.ruleId).toBe(RULE_IDS.pinnedDependencies);
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual([
      {
        path: 'services/api/requirements.txt',
        line: 1,
        note: 'xgboost>=2.0 is not pinned',
      },
      {
        path: 'services/api/Dockerfile',
        line: 3,
        note: 'lightgbm>=4.0 is not pinned',
      },
    ]);
  });
});

describe('a uv workspace', () => {
  it('pins the members it lists, not other folders', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'pyproject.toml': text`
          [project]
          name = "root"
          [tool.uv.workspace]
          members = ["packages/*"]
          exclude = ["packages/legacy"]
        `,
        'uv.lock': 'version = 1\n',
        'packages/scorer/pyproject.toml':
          '[project]\nname = "scorer"\ndependencies = ["numpy>=1.26"]\n',
        'packages/legacy/pyproject.toml':
          '[project]\nname = "legacy"\ndependencies = ["numpy>=1.20"]\n',
        'tools/pyproject.toml':
          '[project]\nname = "tools"\ndependencies = ["click"]\n',
      }),
    );
    expect(evidence.lockfiles).toEqual([
      {
        path: 'uv.lock',
        kind: 'uv.lock',
        pins: ['packages/scorer/pyproject.toml', 'pyproject.toml'],
      },
    ]);
  });
});

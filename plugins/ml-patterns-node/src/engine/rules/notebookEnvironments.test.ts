import { analyzeRepositoryFiles } from '../../evidence/analyze';
import { repo, text } from '../../evidence/analyze/__testUtils__/files';
import { makeInput } from '../__testUtils__/factories';
import { runCheck } from '../__testUtils__/runCheck';
import { pinnedDependenciesRule } from './onlyMe';

function pinnedCheck(files: Record<string, string>) {
  return runCheck(
    pinnedDependenciesRule,
    makeInput({
      role: 'repository',
      evidence: analyzeRepositoryFiles(repo(files)),
    }),
  );
}

const lockedProject = {
  'pyproject.toml': text`
    [project]
    name = "forecast"
    version = "0.1.0"
    dependencies = [
        "torch>=2.2",
        "lightning>=2.3",
        "typer>=0.12",
    ]
  `,
  'uv.lock': text`
    version = 1

    [[package]]
    name = "forecast"
    version = "0.1.0"
    source = { editable = "." }
  `,
  'forecast/train.py': 'import lightning\n',
};

/** A conda file that sets up a Jupyter kernel with ranges and bare names. */
const notebookEnvironment = text`
  name: explore
  channels:
    - conda-forge
  dependencies:
    - python=3.11
    - jupyterlab
    - numpy
    - torch>=2
`;

describe('environment files in a notebooks folder', () => {
  it('do not unpin a project whose own manifest a lockfile pins', () => {
    const check = pinnedCheck({
      ...lockedProject,
      'notebooks/environment.yml': notebookEnvironment,
      'notebooks/explore.ipynb': '{"cells": []}',
    });
    expect(check).toMatchObject({
      verdict: 'pass',
      message:
        'Pinned by uv.lock. notebooks/environment.yml in a notebooks folder is not pinned but only sets up a kernel for exploring beside the locked project.',
      evidence: [
        { path: 'uv.lock', note: 'lockfile (uv.lock)' },
        {
          path: 'notebooks/environment.yml',
          note: "conda-environment: notebook environment, not the locked project's",
        },
      ],
    });
  });

  it('are the environment when nothing locks the project', () => {
    const { 'uv.lock': _lock, ...unlocked } = lockedProject;
    const check = pinnedCheck({
      ...unlocked,
      'notebooks/environment.yml': notebookEnvironment,
    });
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual(
      expect.arrayContaining([
        {
          path: 'notebooks/environment.yml',
          line: 8,
          note: 'torch>=2 is not pinned',
        },
      ]),
    );
  });

  it('are the environment when the locked project declares no ML library', () => {
    const check = pinnedCheck({
      ...lockedProject,
      'pyproject.toml': text`
        [project]
        name = "forecast"
        version = "0.1.0"
        dependencies = ["pre-commit>=3.7"]
      `,
      'notebooks/environment.yml': notebookEnvironment,
    });
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toContainEqual({
      path: 'notebooks/environment.yml',
      line: 8,
      note: 'torch>=2 is not pinned',
    });
  });

  it('count when an image installs them', () => {
    const check = pinnedCheck({
      ...lockedProject,
      'notebooks/environment.yml': notebookEnvironment,
      'notebooks/Dockerfile': text`
        FROM mambaorg/micromamba:1.5.8
        COPY environment.yml /tmp/environment.yml
        RUN micromamba install -y -n base -f /tmp/environment.yml
        CMD ["jupyter", "lab", "--ip=0.0.0.0"]
      `,
    });
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toContainEqual({
      path: 'notebooks/environment.yml',
      line: 8,
      note: 'torch>=2 is not pinned',
    });
  });
});

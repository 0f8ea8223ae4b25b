import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { pinnedDependenciesRule } from '../../../engine/rules/onlyMe';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';

function pinnedCheck(files: Record<string, string>) {
  return runCheck(
    pinnedDependenciesRule,
    makeInput({
      role: 'repository',
      evidence: analyzeRepositoryFiles(repo(files)),
    }),
  );
}

/** A scaffolded project: `uv init` then `uv lock`, with no library added. */
const emptyPyproject = text`
  [project]
  name = "course-task"
  version = "0.1.0"
  requires-python = ">=3.12"
  dependencies = [
      # runtime libraries go here
  ]

  [tool.black]
  line-length = 100
`;
const selfOnlyLock = text`
  version = 1
  requires-python = ">=3.12"

  [[package]]
  name = "course-task"
  version = "0.1.0"
  source = { virtual = "." }
`;
const notebook = JSON.stringify({
  cells: [{ cell_type: 'code', source: ['import pandas as pd\n'] }],
});

describe('a lockfile of a project that declares no dependencies', () => {
  it('pins nothing: the work beside it runs on whatever is installed', () => {
    const check = pinnedCheck({
      'analysis.ipynb': notebook,
      'scaffold/pyproject.toml': emptyPyproject,
      'scaffold/uv.lock': selfOnlyLock,
      'scaffold/src/__init__.py': '',
    });
    expect(check).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('scaffold/uv.lock locks no library'),
      evidence: [
        {
          path: 'scaffold/pyproject.toml',
          line: 5,
          note: 'declares no dependencies, so scaffold/uv.lock locks no library',
        },
      ],
    });
  });

  it('pins nothing for a Pipfile with empty package tables either', () => {
    const check = pinnedCheck({
      Pipfile: text`
        [[source]]
        url = "https://pypi.org/simple"

        [packages]

        [dev-packages]
      `,
      'Pipfile.lock': '{"default": {}, "develop": {}}\n',
      'train.py': 'import sklearn\n',
    });
    expect(check).toMatchObject({
      verdict: 'fail',
      evidence: [
        {
          path: 'Pipfile',
          line: 4,
          note: 'declares no dependencies, so Pipfile.lock locks no library',
        },
      ],
    });
  });

  it.each([
    ['a dependency group', '[dependency-groups]\ndev = ["pytest==8.2.0"]\n'],
    ['an extra', '[project.optional-dependencies]\nml = ["torch==2.3.0"]\n'],
    ['a dynamic dependency list', ''],
    ['a workspace of members', '[tool.uv.workspace]\nmembers = ["libs/*"]\n'],
  ])('still pins a project that declares %s', (name, extra) => {
    const pyproject =
      name === 'a dynamic dependency list'
        ? '[project]\nname = "p"\ndynamic = ["dependencies"]\n'
        : `[project]\nname = "p"\ndependencies = []\n${extra}`;
    const check = pinnedCheck({
      'pyproject.toml': pyproject,
      'uv.lock': selfOnlyLock,
    });
    expect(check).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'uv.lock', note: 'lockfile (uv.lock)' }],
    });
  });

  it('still pins a project whose metadata is in setup.cfg', () => {
    const check = pinnedCheck({
      'pyproject.toml': text`
        [build-system]
        requires = ["setuptools>=68"]
        build-backend = "setuptools.build_meta"
      `,
      'setup.cfg': '[options]\ninstall_requires =\n    torch>=2\n',
      'uv.lock': selfOnlyLock,
    });
    expect(check).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'uv.lock', note: 'lockfile (uv.lock)' }],
    });
  });

  it('still pins a Poetry project whose packages are in a group', () => {
    const check = pinnedCheck({
      'pyproject.toml': text`
        [tool.poetry]
        name = "p"
        [tool.poetry.dependencies]
        python = "^3.11"
        [tool.poetry.group.train.dependencies]
        torch = "^2.3"
      `,
      'poetry.lock': '# poetry lock\n',
    });
    expect(check).toMatchObject({
      verdict: 'pass',
      evidence: [{ path: 'poetry.lock' }],
    });
  });
});

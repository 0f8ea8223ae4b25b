import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { pinnedDependenciesRule } from '../../../engine/rules/onlyMe';
import { RepositoryEvidence } from '../../types';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';
import { isPinnedRequirementUrl } from './urlPins';

function pinnedCheck(evidence: RepositoryEvidence) {
  return runCheck(
    pinnedDependenciesRule,
    makeInput({ role: 'repository', evidence }),
  );
}

const runtime = 'fastapi==0.111.0\nscikit-learn==1.4.2\njoblib==1.4.2\n';
const devTools = 'pytest>=8\nblack\nruff~=0.4\nhypothesis>=6\n';

describe('development requirement files', () => {
  it('do not make a pinned runtime unpinned', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'requirements.txt': runtime,
        'requirements-dev.txt': `-r requirements.txt\n${devTools}`,
        'requirements/test.txt': 'pytest-cov\n',
        'tests/requirements.txt': 'hypothesis\n',
        Dockerfile: text`
          FROM python:3.11.9-slim
          COPY requirements.txt .
          RUN pip install -r requirements.txt
        `,
      }),
    );
    expect(evidence.dependencyManifests.map(m => [m.path, m.purpose])).toEqual([
      ['requirements-dev.txt', 'development'],
      ['requirements.txt', undefined],
      ['requirements/test.txt', 'development'],
      ['tests/requirements.txt', 'development'],
    ]);
    expect(pinnedCheck(evidence)).toMatchObject({
      verdict: 'pass',
      evidence: [
        {
          path: 'requirements.txt',
          note: 'requirements: every requirement pinned',
        },
      ],
    });
  });

  it('count when an image installs them', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'requirements.txt': runtime,
        'requirements-dev.txt': devTools,
        Dockerfile: text`
          FROM python:3.11.9-slim
          COPY requirements.txt requirements-dev.txt ./
          RUN pip install -r requirements.txt -r requirements-dev.txt
        `,
      }),
    );
    const check = pinnedCheck(evidence);
    expect(check.verdict).toBe('fail');
    expect(check.evidence[0]).toEqual({
      path: 'requirements-dev.txt',
      line: 1,
      note: 'pytest>=8 is not pinned',
    });
  });

  it('still decide when they are the only manifest', () => {
    const evidence = analyzeRepositoryFiles(
      repo({ 'requirements-dev.txt': devTools }),
    );
    expect(pinnedCheck(evidence).verdict).toBe('fail');
  });
});

describe('requirements pinned by URL', () => {
  it('takes commits, release tags, commit archives and versioned artifacts as pins, a branch not', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'requirements.txt': text`
          torch==2.3.0
          apex @ git+https://github.com/NVIDIA/apex.git@9041a868a1a253172d94b113a963375b9badd030
          mllog @ https://github.com/mlperf/logging/archive/9ea0afa.zip
          tokenizer @ https://example.com/wheels/tokenizer-0.1.0-py3-none-any.whl
          feats @ git+https://github.com/acme/feats@v1.2.0
          detectron2 @ https://github.com/facebookresearch/detectron2/archive/refs/tags/v0.6.tar.gz
          nightly @ git+https://github.com/acme/nightly.git@main
        `,
      }),
    );
    const check = pinnedCheck(evidence);
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual([
      {
        path: 'requirements.txt',
        line: 7,
        note: 'nightly@ git+https://github.com/acme/nightly.git@main is not pinned',
      },
    ]);
  });

  it.each([
    ['git+https://github.com/o/r.git@0123abc', true],
    ['git+ssh://git@github.com/o/r.git', false],
    ['git+https://github.com/o/r.git@release-2.1.0#egg=r', true],
    ['https://github.com/o/r/archive/main.zip', false],
    ['https://github.com/o/r/archive/refs/heads/v1.zip', false],
    ['https://gitlab.com/o/r/-/archive/v2.0.1/r-v2.0.1.tar.gz', true],
    ['https://files.example.org/pkg-1.2.3.tar.gz', true],
    ['https://files.example.org/pkg.tar.gz', false],
    [
      'https://download.pytorch.org/whl/cu118/torch-2.0.1%2Bcu118-cp310-cp310-linux_x86_64.whl',
      true,
    ],
  ])('%s is pinned: %s', (url, pinned) => {
    expect(isPinnedRequirementUrl(url)).toBe(pinned);
  });
});

describe('a complete freeze installed by the image', () => {
  const freeze = Array.from(
    { length: 16 },
    (_, i) => `package-${String.fromCharCode(97 + i)}==1.${i}.0`,
  ).join('\n');

  it('is the lock of the project whose pyproject keeps ranges', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'pyproject.toml': text`
          [project]
          name = "trainer"
          dependencies = ["torch>=2.1", "transformers>=4.40"]
        `,
        'requirements.txt': `${freeze}\n`,
        Dockerfile: text`
          FROM python:3.11.9-slim
          COPY requirements.txt .
          RUN pip install --no-deps -r requirements.txt
        `,
      }),
    );
    expect(evidence.lockfiles).toContainEqual(
      expect.objectContaining({
        path: 'requirements.txt',
        kind: 'requirements-compiled',
      }),
    );
    expect(pinnedCheck(evidence)).toMatchObject({
      verdict: 'pass',
      evidence: [
        {
          path: 'requirements.txt',
          note: 'lockfile (requirements-compiled)',
        },
      ],
    });
  });

  it('is not a lock when no image installs it', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'pyproject.toml':
          '[project]\nname = "x"\ndependencies = ["torch>=2.1"]\n',
        'requirements.txt': `${freeze}\n`,
      }),
    );
    expect(evidence.lockfiles).toEqual([]);
    expect(pinnedCheck(evidence)).toMatchObject({
      verdict: 'fail',
      evidence: [
        { path: 'pyproject.toml', line: 3, note: 'torch>=2.1 is not pinned' },
      ],
    });
  });
});

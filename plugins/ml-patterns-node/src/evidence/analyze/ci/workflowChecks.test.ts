import { automatedChecksRule } from '../../../engine/rules/automatedChecks';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';
import { workflowWithoutChecks } from './workflowChecks';

/** The automated-checks verdict of a repository, with its evidence as `path:line note`. */
function automatedChecksOf(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(
    automatedChecksRule,
    makeInput({ role: 'repository', evidence: makeEvidence(evidence) }),
  );
  return {
    verdict: check.verdict,
    message: check.message,
    evidence: check.evidence.map(e =>
      'path' in e ? `${e.path}:${e.line} ${e.note}` : e.note,
    ),
  };
}

const trainingCode = {
  'src/train.py': 'import sklearn\n',
  'requirements.txt': 'scikit-learn==1.5.1\n',
};

describe('only-me/automated-checks from the workflows read', () => {
  it('fails on a workflow that only deploys the MkDocs site, naming the deploying line', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/site.yml': text`
        name: site
        on:
          push:
            branches: [main]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-python@v5
                with:
                  python-version: "3.12"
              - run: pip install mkdocs-material
              - run: mkdocs gh-deploy --force
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.message).toContain(
      '.github/workflows/site.yml:14 only builds or publishes the documentation (mkdocs gh-deploy --force)',
    );
    expect(result.evidence).toEqual([
      '.github/workflows/site.yml:14 github-actions: only builds or publishes the documentation (mkdocs gh-deploy --force)',
    ]);
  });

  it('fails on a Sphinx build published by a Pages action, at the build line of a block script', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/docs.yaml': text`
        on: [push, pull_request]
        jobs:
          docs:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - name: Build
                run: |
                  pip install -r docs/requirements.txt
                  cd docs
                  make html
              - uses: peaceiris/actions-gh-pages@v4
                with:
                  publish_dir: docs/_build/html
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/docs.yaml:11 github-actions: only builds or publishes the documentation (make html, peaceiris/actions-gh-pages)',
    ]);
  });

  it('fails on housekeeping workflows (stale issues, pull request labels)', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/stale.yml': text`
        on:
          schedule:
            - cron: "30 1 * * *"
          issues:
            types: [opened]
        jobs:
          stale:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/stale@v9
      `,
      '.github/workflows/labels.yml': text`
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/labeler@v5
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/labels.yml:6 github-actions: only tends issues and pull requests (actions/labeler)',
      '.github/workflows/stale.yml:1 github-actions: runs only on a schedule or on issue activity',
    ]);
  });

  it('fails on a training workflow started only by hand or on a schedule, at its on: line', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/train.yml': text`
        name: retrain
        "on":
          workflow_dispatch:
          schedule:
            - cron: "0 3 * * 1"
        jobs:
          train:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: python src/train.py
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/train.yml:2 github-actions: runs only when started by hand or on a schedule',
    ]);
  });

  it('fails on a workflow run only when a release tag is pushed', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/publish.yml': text`
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - run: python -m build
      `,
    });
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      '.github/workflows/publish.yml:1 github-actions: runs only when a tag is pushed',
    ]);
  });

  it('passes on a workflow that tests changes, even when it also publishes the documentation', () => {
    const result = automatedChecksOf({
      ...trainingCode,
      '.github/workflows/ci.yml': text`
        on:
          pull_request:
          workflow_dispatch:
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -r requirements.txt && pytest
          docs:
            runs-on: ubuntu-latest
            steps:
              - run: mkdocs build --strict
      `,
      '.github/workflows/stale.yml': text`
        on:
          schedule:
            - cron: "0 0 * * *"
        jobs:
          stale:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/stale@v9
      `,
    });
    expect(result.verdict).toBe('pass');
    expect(result.evidence).toEqual([
      '.github/workflows/ci.yml:1 github-actions',
    ]);
  });
});

it('passes on Taskcluster CI beside workflows started only by hand', () => {
  const result = automatedChecksOf({
    ...trainingCode,
    '.taskcluster.yml': 'version: 1\ntasks: []\n',
    '.github/workflows/push-image.yml': text`
      on: workflow_dispatch
      jobs:
        push:
          runs-on: ubuntu-latest
          steps:
            - run: docker build -t model .
    `,
  });
  expect(result.verdict).toBe('pass');
  expect(result.evidence).toEqual(['.taskcluster.yml:1 other']);
});

describe('workflowWithoutChecks', () => {
  it.each([
    ['a test job', 'on: push\njobs:\n  t:\n    steps:\n      - run: pytest\n'],
    [
      'an image build beside the docs',
      'on: push\njobs:\n  d:\n    steps:\n      - run: mkdocs build\n      - uses: docker/build-push-action@v6\n',
    ],
    [
      'a reusable workflow called',
      'on: push\njobs:\n  docs:\n    uses: ./.github/workflows/docs.yml\n',
    ],
    [
      'a docs step written in Python',
      'on: push\njobs:\n  d:\n    steps:\n      - shell: python\n        run: print("mkdocs")\n',
    ],
    ['unreadable YAML', 'on: [push\njobs: {mkdocs'],
    [
      'a push to branches with tags',
      'on:\n  push:\n    branches: [main]\n    tags: ["v*"]\njobs:\n  t:\n    steps:\n      - run: pytest\n',
    ],
  ])('takes %s to check changes', (_name, workflow) => {
    expect(workflowWithoutChecks(workflow)).toBeUndefined();
  });

  it('reads past change triggers that are commented out', () => {
    expect(
      workflowWithoutChecks(text`
        name: image
        on:
          workflow_dispatch:
          # pull_request:
          # push:
          #   branches: [main]
        jobs:
          build:
            steps:
              - run: docker build .
      `),
    ).toEqual({ line: 2, reason: 'runs only when started by hand' });
  });
});

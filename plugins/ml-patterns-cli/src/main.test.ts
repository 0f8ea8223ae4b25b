import {
  BUILT_IN_RULES,
  EntityReport,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './main';

const fixtures = path.resolve(__dirname, '__fixtures__');

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ml-patterns', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

async function report(...args: string[]): Promise<EntityReport> {
  const { code, stdout } = await run(...args, '--json');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

function verdicts(r: EntityReport): Record<string, string> {
  return Object.fromEntries(
    r.checks.map(c => [c.ruleId, c.waiver ? 'waived' : c.verdict]),
  );
}

function remediation(ruleId: string): string[] {
  return BUILT_IN_RULES.find(rule => rule.id === ruleId)!.remediation;
}

describe('ml-patterns score', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-cli-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * A copy of a fixture outside this repository's checkout: a folder in a
   * git checkout is read with the repository around it, which must not be
   * this monorepo.
   */
  function fixture(name: string): string {
    const dest = path.join(tmp, 'fixtures', name);
    if (!fs.existsSync(dest)) {
      fs.cpSync(path.join(fixtures, name), dest, { recursive: true });
    }
    return dest;
  }

  it('scores a model-load service from its catalog-info.yaml, with the model it serves from the same file', async () => {
    const r = await report('score', fixture('model-load-service'));
    expect(r.entityRef).toBe('component:default/fraud-scoring');
    expect(r.role).toBe('serving-unit');
    expect(r.releasePattern).toBe('model-load');
    expect(r.antiPatterns).toEqual({
      'all-in-one': 'clear',
      'only-me': 'clear',
    });
    expect(r.evidenceSource.status).toBe('ok');
    expect(verdicts(r)).toMatchObject({
      [RULE_IDS.oneModelPerServer]: 'pass',
      [RULE_IDS.teamOwnership]: 'pass',
      [RULE_IDS.gatedReadiness]: 'pass',
      // The model Resource's required-libraries annotation, from the second document.
      [RULE_IDS.libraryCompatibility]: 'pass',
      [RULE_IDS.notNotebookOnly]: 'not-applicable',
    });
    // Evidence points at the init container's command value (the line after `command:`).
    const manifest = fs
      .readFileSync(
        path.join(fixtures, 'model-load-service/k8s/deployment.yaml'),
        'utf8',
      )
      .split('\n');
    const commandLine =
      manifest.findIndex(line => line.trim() === 'command:') + 2;
    const gated = r.checks.find(c => c.ruleId === RULE_IDS.gatedReadiness)!;
    expect(gated.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'k8s/deployment.yaml',
          line: commandLine,
        }),
      ]),
    );
  });

  it('prints a checklist with symbols, titles, evidence lines and the fixes for failures', async () => {
    const { code, stdout, stderr } = await run(
      'score',
      fixture('notebook-only'),
    );
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(
      'ml-patterns — component:default/notebook-only (repository)',
    );
    expect(lines[1]).toMatch(
      /^Grade [A-F] {2}score \d+\/100 {2}coverage \d+%$/,
    );
    expect(lines[2]).toBe(
      'All-in-one: not-applicable  Only-me: detected  Release pattern: not-applicable',
    );
    expect(stdout).toContain(
      '✘ Code beyond notebooks  [only-me/not-notebook-only]',
    );
    expect(stdout).toContain('    at requirements.txt:1 — ');
    const fixes = remediation(RULE_IDS.notNotebookOnly)
      .map((step, i) => `      ${i + 1}. ${step}`)
      .join('\n');
    expect(stdout).toContain(`    To fix:\n${fixes}`);
    // Without a descriptor the owner cannot be told: unknown, not failed.
    expect(stdout).toContain(
      '? Owned by a team, not a single person  [only-me/team-ownership]\n    No catalog descriptor names the owner; pass --entity or --owner to check it.',
    );
    expect(stdout).toContain('– One inference model per serving process');
    expect(lines.filter(Boolean).pop()).toMatch(
      /^15 checks: \d+ fail, \d+ unknown, \d+ pass, 0 waived, \d+ not-applicable$/,
    );
  });

  it('shows each waiver in the checklist: active with its terms, expired and invalid as such', async () => {
    const folder = fixture('notebook-only');
    fs.writeFileSync(
      path.join(folder, 'catalog-info.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: pricing',
        '  annotations:',
        '    ml-patterns.io/waivers: |',
        '      only-me/automated-checks:',
        "        reason: CI runs in the data platform's pipeline",
        '        approvedBy: group:default/ml-platform',
        '        until: 2099-12-31',
        '        ticket: https://tracker.example.com/ML-7',
        '      only-me/not-notebook-only:',
        '        reason: exploration only',
        '        approvedBy: group:default/ml-platform',
        '        until: 2020-01-31',
        '      acme/gpu-quota:',
        '        reason: shares the GPU pool',
        '        approvedBy: group:default/ml-platform',
        '        until: 2099-12-31',
        'spec:',
        '  type: ml-pipeline',
        '  owner: group:default/pricing-team',
      ].join('\n'),
    );
    const { code, stdout } = await run('score', folder);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "    waived: CI runs in the data platform's pipeline (approved by group:default/ml-platform until 2099-12-31, https://tracker.example.com/ML-7)",
    );
    expect(stdout).toContain(
      '✘ Code beyond notebooks  [only-me/not-notebook-only]',
    );
    expect(stdout).toContain(
      '    Waiver expired on 2020-01-31 (approved by group:default/ml-platform): it no longer applies.',
    );
    expect(stdout).toContain(
      "Waivers not applied (ml-patterns.io/waivers):\n  ! acme/gpu-quota: no rule has the id 'acme/gpu-quota'",
    );
    expect(stdout).toMatch(/, 1 waived, /);
  });

  it('scores a folder whose image is built on a model server as a serving unit, though it has no code', async () => {
    const folder = path.join(tmp, 'triton-image');
    fs.mkdirSync(path.join(folder, 'repository', 'ranker', '1'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(folder, 'Dockerfile'),
      'FROM nvcr.io/nvidia/tritonserver:24.05-py3\nCOPY repository /models\nCMD ["tritonserver", "--model-repository=/models"]\n',
    );
    fs.writeFileSync(
      path.join(folder, 'repository', 'ranker', 'config.pbtxt'),
      'name: "ranker"\nbackend: "onnxruntime"\n',
    );
    const image = await report('score', folder);
    expect(image.role).toBe('serving-unit');
    expect(image.releasePattern).toBe('model-in-image');
  });

  it('scores a folder without descriptor as a repository, or as a serving unit when it serves a model', async () => {
    const notebooks = await report('score', fixture('notebook-only'));
    expect(notebooks.entityRef).toBe('component:default/notebook-only');
    expect(notebooks.role).toBe('repository');
    expect(notebooks.antiPatterns['only-me']).toBe('detected');
    expect(verdicts(notebooks)).toMatchObject({
      [RULE_IDS.notNotebookOnly]: 'fail',
      [RULE_IDS.pinnedDependencies]: 'fail',
      [RULE_IDS.teamOwnership]: 'unknown',
    });

    const image = await report('score', fixture('model-in-image-service'));
    expect(image.role).toBe('serving-unit');
    expect(image.releasePattern).toBe('model-in-image');

    const forced = await report(
      'score',
      fixture('model-in-image-service'),
      '--role',
      'repository',
    );
    expect(forced.role).toBe('repository');

    const owned = await report(
      'score',
      fixture('notebook-only'),
      '--owner',
      'user:default/alice',
    );
    expect(verdicts(owned)[RULE_IDS.teamOwnership]).toBe('fail');
  });

  it('exits 1 under --fail-under, by grade or by score', async () => {
    const dir = fixture('notebook-only');
    const { score, grade } = await report('score', dir);
    expect(score).not.toBeNull();
    expect(grade).not.toBe('A');

    expect((await run('score', dir, '--fail-under', String(score))).code).toBe(
      0,
    );
    const under = await run('score', dir, '--fail-under', String(score! + 1));
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(
      `ml-patterns: component:default/notebook-only fails --fail-under ${
        score! + 1
      }: score ${score} is under ${score! + 1}\n`,
    );
    expect((await run('score', dir, '--fail-under', grade!)).code).toBe(0);
    expect((await run('score', dir, '--fail-under', 'a')).code).toBe(1);
    expect((await run('score', dir, '--fail-under', 'F')).code).toBe(0);

    const good = fixture('model-load-service');
    expect((await run('score', good, '--fail-under', 'B')).code).toBe(0);
  });

  it('fails closed when nothing could be verified', async () => {
    // An empty folder with every rule switched off but one that needs a repository.
    fs.writeFileSync(
      path.join(tmp, 'config.yaml'),
      `mlPatterns:\n  evidence:\n    maxFiles: 1\n  rules:\n${BUILT_IN_RULES.filter(
        rule => rule.id !== RULE_IDS.codeReview,
      )
        .map(rule => `    - id: ${rule.id}\n      enabled: false\n`)
        .join('')}`,
    );
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
    fs.writeFileSync(path.join(repo, 'b.py'), 'y = 2\n');
    const result = await run(
      'score',
      repo,
      '--config',
      path.join(tmp, 'config.yaml'),
      '--fail-under',
      'F',
      '--json',
    );
    const r: EntityReport = JSON.parse(result.stdout);
    expect(r.evidenceSource).toEqual({
      status: 'unavailable',
      location: `dir:${repo}`,
      reason: 'the tree has more than 1 files (cap exceeded)',
    });
    expect(r.score).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'not scored: repository unreadable (the tree has more than 1 files (cap exceeded))',
    );
  });

  it('fails a gate, never passes it, on a tree over the file cap', async () => {
    // Nobody read this repository: the owner check alone would give 100/A.
    const repo = path.join(tmp, 'big');
    fs.mkdirSync(repo);
    for (let i = 0; i < 30; i++) {
      fs.writeFileSync(path.join(repo, `notebook_${i}.ipynb`), '{}');
    }
    fs.writeFileSync(
      path.join(tmp, 'config.yaml'),
      'mlPatterns:\n  evidence:\n    maxFiles: 20\n',
    );
    const args = [
      'score',
      repo,
      '--owner',
      'group:default/ml-team',
      '--config',
      path.join(tmp, 'config.yaml'),
    ];
    const gated = await run(...args, '--fail-under', 'B');
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain(
      'not scored: repository unreadable (the tree has more than 20 files (cap exceeded))',
    );
    expect(gated.stdout).not.toMatch(/Grade [A-F]/);
    expect(gated.stderr).toContain('fails --fail-under B: not scored');

    const r: EntityReport = JSON.parse((await run(...args, '--json')).stdout);
    expect(r.score).toBeNull();
    expect(r.grade).toBeNull();

    const covered = await run(...args, '--min-coverage', '50%');
    expect(covered.code).toBe(1);
    expect(covered.stderr).toContain('fails --min-coverage 50%: not scored');
  });

  it('fails --min-coverage when too few checks could be verified', async () => {
    const dir = fixture('notebook-only');
    const r = await report('score', dir);
    const percent = Math.floor(r.coverage * 100);
    expect(percent).toBeLessThan(100);
    expect(
      (await run('score', dir, '--min-coverage', `${percent}%`)).code,
    ).toBe(0);
    const under = await run('score', dir, '--min-coverage', '1');
    expect(under.code).toBe(1);
    expect(under.stderr).toContain(
      `fails --min-coverage 1: coverage ${Math.round(
        r.coverage * 100,
      )}% is under 100%`,
    );
    expect((await run('score', dir, '--min-coverage', 'lots')).code).toBe(2);
  });

  it('scores a folder of a repository with the repository around it', async () => {
    // Laid out like kserve: the server's Dockerfile lies beside its folder,
    // the reviewers and CI at the repository root.
    const mono = path.join(tmp, 'mono');
    const files: Record<string, string> = {
      OWNERS: 'approvers:\n  - alice\nreviewers:\n  - bob\n',
      '.github/workflows/python.yml':
        'on:\n  pull_request:\n    paths: ["python/**"]\njobs: {}\n',
      'python/scorer.Dockerfile':
        'FROM python:3.11-slim\nCOPY scorer scorer\nRUN pip install -r scorer/requirements.txt\nCMD ["python", "-m", "scorer"]\n',
      'python/scorer/requirements.txt': 'scikit-learn==1.4.2\n',
      'python/scorer/scorer/__main__.py':
        'import os\nimport joblib\nmodel = joblib.load(os.environ["MODEL_PATH"])\n',
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: scorer\n  annotations:\n    ml-patterns.io/source-path: python/scorer\nspec:\n  type: model-server\n  owner: group:ml\n',
    };
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(mono, file)), { recursive: true });
      fs.writeFileSync(path.join(mono, file), content);
    }
    const expected = {
      [RULE_IDS.codeReview]: 'pass',
      [RULE_IDS.automatedChecks]: 'pass',
      [RULE_IDS.containerEnvironment]: 'pass',
      [RULE_IDS.pinnedDependencies]: 'pass',
    };
    const r = await report('score', mono);
    expect(r.evidenceSource).toEqual({
      status: 'ok',
      location: `dir:${path.join(mono, 'python/scorer')}`,
    });
    expect(verdicts(r)).toMatchObject(expected);
    const review = r.checks.find(c => c.ruleId === RULE_IDS.codeReview)!;
    expect(review.evidence).toEqual([
      { path: '../../OWNERS', line: 2, note: 'OWNERS' },
    ]);

    // The folder itself, scored from inside a git checkout, is read the same way.
    fs.mkdirSync(path.join(mono, '.git'));
    const inside = await report(
      'score',
      path.join(mono, 'python/scorer'),
      '--role',
      'serving-unit',
      '--owner',
      'group:default/ml',
    );
    expect(verdicts(inside)).toMatchObject(expected);
  });

  it('scores the first in-scope entity of a multi-document descriptor', async () => {
    const file = path.join(tmp, 'catalog-info.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: risk-ml\nspec:\n  type: team\n  children: []\n',
        'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: fraud-model\nspec:\n  type: ml-model\n  owner: group:risk-ml\n  dependsOn: [resource:default/transactions]\n',
        'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: transactions\nspec:\n  type: dataset\n  owner: group:risk-ml\n',
      ].join('---\n'),
    );
    const r = await report(
      'score',
      fixture('model-load-service'),
      '--entity',
      file,
    );
    expect(r.entityRef).toBe('resource:default/fraud-model');
    expect(r.role).toBe('model');
    // The dataset it depends on is described in the same file.
    expect(verdicts(r)[RULE_IDS.dataReference]).toBe('pass');
  });

  it('exits 2 on usage errors, with a message', async () => {
    const missingDir = await run('score', path.join(tmp, 'nope'));
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toBe(
      `ml-patterns: ${path.join(tmp, 'nope')} is not a folder\n`,
    );

    const badRole = await run('score', tmp, '--role', 'dataset');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain(
      '--role must be one of model, serving-unit, repository',
    );

    const badThreshold = await run('score', tmp, '--fail-under', 'Z');
    expect(badThreshold.code).toBe(2);

    expect((await run('score')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('score', tmp, '--unknown-flag')).code).toBe(2);

    fs.writeFileSync(path.join(tmp, 'catalog-info.yaml'), 'kind: [unclosed\n');
    const badYaml = await run('score', tmp);
    expect(badYaml.code).toBe(2);
    expect(badYaml.stderr).toMatch(
      /^ml-patterns: invalid YAML in .*catalog-info\.yaml/,
    );

    fs.writeFileSync(
      path.join(tmp, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: website\nspec:\n  type: website\n  owner: group:web\n',
    );
    const outOfScope = await run('score', tmp);
    expect(outOfScope.code).toBe(2);
    expect(outOfScope.stderr).toContain(
      `no entity in ${path.join(
        tmp,
        'catalog-info.yaml',
      )} is in ml-patterns' scope (found Component/website)`,
    );
    // --role scores it anyway.
    expect((await run('score', tmp, '--role', 'repository')).code).toBe(0);
  });

  it('stops a YAML alias bomb in the descriptor', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:\n  name: bomb',
      'spec:\n  type: ml-pipeline\n  owner: group:x\n  extra: *g',
    ].join('\n');
    fs.writeFileSync(path.join(tmp, 'catalog-info.yaml'), bomb);
    const result = await run('score', tmp);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ml-patterns: invalid YAML in .*: .*alias/i);
  });

  it('prints its version with exit 0', async () => {
    const { code, stdout } = await run('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help with exit 0', async () => {
    const { code, stdout } = await run('score', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ml-patterns score [options] <dir>');
    expect(stdout).toContain('--fail-under <threshold>');
  });
});

import {
  BUILT_IN_RULES,
  EntityReport,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Log, Result } from 'sarif';
import packageJson from '../../package.json';
import { main } from '../main';

/** The SARIF 2.1.0 schema (a JSON Schema draft-04 document), as published on npm. */
function sarifValidator() {
  const schemaFile = require.resolve(
    '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
  );
  // The schema's `language` pattern has a stray `]` that only non-unicode
  // regular expressions accept, and it lists `required` properties it does
  // not define, which Ajv's strict mode refuses.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ml-patterns', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const DESCRIPTOR = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: pricing
  annotations:
    ml-patterns.io/waivers: |
      only-me/automated-checks:
        reason: CI runs in the data platform's pipeline (ADR-7)
        approvedBy: group:default/ml-platform
        until: 2099-12-31
      acme/gpu-quota: {reason: shares the GPU pool}
spec:
  type: ml-pipeline
  owner: user:default/alice
`;

/** Line numbers (1-based) of the descriptor above. */
const NAME_LINE = 4;
const WAIVERS_LINE = 6;
const OWNER_LINE = 14;

describe('ml-patterns score --format sarif', () => {
  const validate = sarifValidator();
  let tmp: string;
  let folder: string;
  beforeEach(() => {
    // A git checkout holding the scored folder at ml/pricing: notebooks,
    // unpinned requirements, a user as owner, one waived check.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-sarif-'));
    fs.mkdirSync(path.join(tmp, 'repo', '.git'), { recursive: true });
    folder = path.join(tmp, 'repo', 'ml', 'pricing');
    fs.cpSync(
      path.resolve(__dirname, '../__fixtures__/notebook-only'),
      folder,
      {
        recursive: true,
      },
    );
    fs.writeFileSync(path.join(folder, 'catalog-info.yaml'), DESCRIPTOR);
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function resultFor(log: Log, ruleId: string): Result {
    const result = log.runs[0].results!.find(r => r.ruleId === ruleId);
    expect(result).toBeDefined();
    return result!;
  }

  it('is a valid SARIF 2.1.0 log with one result per failed check at its evidence file and line', async () => {
    const { code, stdout, stderr } = await run(
      'score',
      folder,
      '--format',
      'sarif',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const log: Log = JSON.parse(stdout);
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);

    const report: EntityReport = JSON.parse(
      (await run('score', folder, '--json')).stdout,
    );
    const failed = report.checks.filter(c => c.verdict === 'fail');
    expect(failed.map(c => c.ruleId)).toEqual([
      RULE_IDS.teamOwnership,
      RULE_IDS.codeReview,
      RULE_IDS.containerEnvironment,
      RULE_IDS.pinnedDependencies,
      RULE_IDS.notNotebookOnly,
      RULE_IDS.dataReference,
      RULE_IDS.automatedChecks,
    ]);
    const run0 = log.runs[0];
    expect(run0.results).toHaveLength(failed.length);
    expect(run0.tool.driver).toMatchObject({
      name: 'ml-patterns',
      version: packageJson.version,
    });
    expect(run0.originalUriBaseIds?.SRCROOT?.uri).toBe(
      `file://${path.join(tmp, 'repo')}/`,
    );

    // The evidence's file and line, relative to the repository root.
    const pinned = resultFor(log, RULE_IDS.pinnedDependencies);
    expect(pinned.level).toBe('warning');
    expect(pinned.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: {
            uri: 'ml/pricing/requirements.txt',
            uriBaseId: 'SRCROOT',
          },
          region: { startLine: 1 },
        },
        message: { text: expect.stringContaining('is not pinned') },
      },
    ]);
    expect(pinned.relatedLocations?.length).toBeGreaterThan(0);
    expect(run0.tool.driver.rules![pinned.ruleIndex!].id).toBe(
      RULE_IDS.pinnedDependencies,
    );

    // A descriptor field: the line of spec.owner.
    expect(
      resultFor(log, RULE_IDS.teamOwnership).locations![0].physicalLocation,
    ).toEqual({
      artifactLocation: {
        uri: 'ml/pricing/catalog-info.yaml',
        uriBaseId: 'SRCROOT',
      },
      region: { startLine: OWNER_LINE },
    });
    // No evidence at all: the entity in its descriptor.
    expect(
      resultFor(log, RULE_IDS.codeReview).locations![0].physicalLocation
        ?.region,
    ).toEqual({ startLine: NAME_LINE });

    // A waived failure is a suppressed result, pointing at the waiver.
    const waived = resultFor(log, RULE_IDS.automatedChecks);
    expect(waived.level).toBe('note');
    expect(waived.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification:
          "CI runs in the data platform's pipeline (ADR-7) (approved by group:default/ml-platform until 2099-12-31)",
        location: {
          physicalLocation: {
            artifactLocation: {
              uri: 'ml/pricing/catalog-info.yaml',
              uriBaseId: 'SRCROOT',
            },
            region: { startLine: WAIVERS_LINE },
          },
        },
      },
    ]);
    expect(
      run0.results!.filter(r => !r.suppressions).map(r => r.ruleId),
    ).not.toContain(RULE_IDS.automatedChecks);

    // A waiver that cannot apply is said, not silently dropped.
    expect(run0.invocations![0].toolExecutionNotifications).toContainEqual({
      level: 'warning',
      message: {
        text: expect.stringMatching(
          /^Waiver of acme\/gpu-quota not applied: no rule has the id 'acme\/gpu-quota'; no approvedBy: /,
        ),
      },
    });
  });

  it('describes every rule with its remediation and a link to its documentation', async () => {
    const log: Log = JSON.parse(
      (await run('score', folder, '--format', 'sarif')).stdout,
    );
    const rules = log.runs[0].tool.driver.rules!;
    expect(rules.map(rule => rule.id)).toEqual(
      BUILT_IN_RULES.map(rule => rule.id),
    );
    const catalog = fs.readFileSync(
      path.join(
        path.dirname(
          require.resolve(
            '@ml-patterns/plugin-ml-patterns-common/package.json',
          ),
        ),
        'README.md',
      ),
      'utf8',
    );
    for (const rule of rules) {
      const definition = BUILT_IN_RULES.find(r => r.id === rule.id)!;
      expect(rule.shortDescription?.text).toBe(definition.title);
      expect(rule.help?.text).toContain(`1. ${definition.remediation[0]}`);
      // The rule catalog has a heading for it.
      const anchor = rule.helpUri!.split('#')[1];
      expect(catalog).toContain(`](#${anchor})`);
    }
    expect(
      rules.find(rule => rule.id === RULE_IDS.oneModelPerServer)
        ?.defaultConfiguration?.level,
    ).toBe('error');
  });

  it('reports unverified checks and an unreadable repository as notifications, not results', async () => {
    fs.writeFileSync(
      path.join(tmp, 'config.yaml'),
      'mlPatterns:\n  evidence:\n    maxFiles: 1\n',
    );
    const { code, stdout } = await run(
      'score',
      folder,
      '--format',
      'sarif',
      '--config',
      path.join(tmp, 'config.yaml'),
      '--fail-under',
      'F',
    );
    expect(code).toBe(1);
    const log: Log = JSON.parse(stdout);
    expect(validate(log)).toBe(true);
    const run0 = log.runs[0];
    // Only what the descriptor alone proves is a finding.
    expect(run0.results!.map(r => r.ruleId)).toEqual([RULE_IDS.teamOwnership]);
    const notifications = run0.invocations![0].toolExecutionNotifications!;
    expect(notifications[0]).toEqual({
      level: 'error',
      message: {
        text: expect.stringContaining('not scored: repository unreadable'),
      },
    });
    expect(notifications.map(n => n.associatedRule?.id)).toContain(
      RULE_IDS.pinnedDependencies,
    );
  });

  it('rejects a log that breaks the schema', () => {
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'x' }] }],
      }),
    ).toBe(false);
  });

  it('exits 2 on an unknown format or two formats at once', async () => {
    expect((await run('score', folder, '--format', 'xml')).code).toBe(2);
    const both = await run('score', folder, '--json', '--format', 'sarif');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json and --format sarif');
  });
});

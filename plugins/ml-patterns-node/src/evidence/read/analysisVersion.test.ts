/**
 * Guards ANALYSIS_VERSION (analysisEtag.ts): stored evidence is kept under
 * an ETag that names the analyzers' version, so evidence of analyzers that
 * find something else must come with a raised version, or repositories
 * keep their old evidence until their next commit.
 *
 * The test reads and analyses the example organisation's repositories
 * (examples/repositories) through RepositoryEvidenceReader, as the catalog
 * does, and hashes the evidence. analysisFingerprint.json records that hash
 * with the version it belongs to. When the analyzers change what they find:
 *
 *   1. raise ANALYSIS_VERSION in analysisEtag.ts;
 *   2. record the new fingerprint, from plugins/ml-patterns-node:
 *      UPDATE_ANALYSIS_FINGERPRINT=1 yarn backstage-cli package test src/evidence/read/analysisVersion
 *   3. commit both files.
 *
 * The update refuses to record a changed fingerprint under the version that
 * recorded the old one.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RepositoryEvidence } from '../types';
import { ANALYSIS_VERSION } from './analysisEtag';
import { RepositoryEvidenceReader } from './RepositoryEvidenceReader';

const EXAMPLES = path.resolve(
  __dirname,
  '../../../../../examples/repositories',
);
const FINGERPRINT_FILE = path.join(__dirname, 'analysisFingerprint.json');
const UPDATE = process.env.UPDATE_ANALYSIS_FINGERPRINT === '1';
const UPDATE_COMMAND =
  'UPDATE_ANALYSIS_FINGERPRINT=1 yarn backstage-cli package test src/evidence/read/analysisVersion (in plugins/ml-patterns-node)';

interface RecordedFingerprint {
  analysisVersion: number;
  fingerprint: string;
}

/** What a read adds around the analysis: where and when, not what was found. */
const READ_FIELDS = new Set(['location', 'readAt', 'stale']);

/** JSON with object keys sorted, so that the hash does not depend on key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}

function withoutReadFields(evidence: RepositoryEvidence) {
  return Object.fromEntries(
    Object.entries(evidence).filter(([key]) => !READ_FIELDS.has(key)),
  );
}

async function examplesEvidence(): Promise<Record<string, unknown>> {
  const reader = RepositoryEvidenceReader.fromConfig(
    new ConfigReader({
      mlPatterns: {
        localRoots: [EXAMPLES],
        // A busy machine must not turn an analysis into `unavailable`.
        evidence: { timeoutMs: 600_000 },
      },
    }),
    {
      reader: { readUrl: jest.fn(), readTree: jest.fn(), search: jest.fn() },
      logger: mockServices.logger.mock(),
    },
  );
  const evidence: Record<string, unknown> = {};
  for (const name of fs.readdirSync(EXAMPLES).sort()) {
    const result = await reader.read({
      type: 'dir',
      target: path.join(EXAMPLES, name),
    });
    if (result.notModified) throw new Error(`${name}: nothing read`);
    if (result.evidence.status !== 'ok') {
      throw new Error(`${name}: ${result.evidence.reason}`);
    }
    evidence[name] = withoutReadFields(result.evidence);
  }
  return evidence;
}

function recorded(): RecordedFingerprint | undefined {
  return fs.existsSync(FINGERPRINT_FILE)
    ? JSON.parse(fs.readFileSync(FINGERPRINT_FILE, 'utf8'))
    : undefined;
}

/** What is wrong with the recorded fingerprint, or undefined when it is current. */
function mismatch(
  current: RecordedFingerprint,
  previous: RecordedFingerprint | undefined,
): string | undefined {
  if (!previous) {
    return `src/evidence/read/analysisFingerprint.json is missing: run ${UPDATE_COMMAND}`;
  }
  if (previous.fingerprint === current.fingerprint) {
    return previous.analysisVersion === current.analysisVersion
      ? undefined
      : `ANALYSIS_VERSION is ${current.analysisVersion}, the fingerprint was recorded for ${previous.analysisVersion}: run ${UPDATE_COMMAND}`;
  }
  if (previous.analysisVersion === current.analysisVersion) {
    return `The analyzers find something else in examples/repositories than analyzers version ${previous.analysisVersion} did. Raise ANALYSIS_VERSION in src/evidence/read/analysisEtag.ts (stored evidence is re-analysed only then), then run ${UPDATE_COMMAND}`;
  }
  return `ANALYSIS_VERSION was raised to ${current.analysisVersion}: record its fingerprint with ${UPDATE_COMMAND}`;
}

describe('ANALYSIS_VERSION', () => {
  it('is raised whenever the analyzers find something else in the example repositories', async () => {
    const evidence = await examplesEvidence();
    expect(Object.keys(evidence).length).toBeGreaterThanOrEqual(5);
    const current: RecordedFingerprint = {
      analysisVersion: ANALYSIS_VERSION,
      fingerprint: createHash('sha256')
        .update(canonicalJson(evidence))
        .digest('hex'),
    };
    const previous = recorded();
    const problem = mismatch(current, previous);
    if (UPDATE && problem) {
      if (
        previous &&
        previous.analysisVersion === current.analysisVersion &&
        previous.fingerprint !== current.fingerprint
      ) {
        throw new Error(problem);
      }
      fs.writeFileSync(
        FINGERPRINT_FILE,
        `${JSON.stringify(current, null, 2)}\n`,
      );
      return;
    }
    expect(problem).toBeUndefined();
  }, 600_000);
});

/**
 * Every regular expression of the evidence code (src/evidence, tests left
 * out) is free of super-linear backtracking, as scslre finds it: two
 * quantifiers that trade characters (`\s*(.*)$`), a quantifier that reaches
 * itself (`(a+)+`), or a search that rescans a run at every start
 * (`\/+$`). Checked on the patterns as written, so it is deterministic and
 * takes no timing.
 *
 * What is not a regex (the Helm `{{` scanners, the line and bracket loops
 * of the parsers) is not covered here: `yarn bench:hostile` times every
 * analyzer on hostile files and flags a case over 20 times an ordinary
 * file's time.
 */
import path from 'node:path';
import { analyse } from 'scslre';
import { MAY_NOT_RUN_ON_CHANGES } from './ci/changeTriggers';
import { MAY_NAME_DOCS_OR_HOUSEKEEPING } from './ci/workflowStepPurpose';
import { LOADER_WORD } from './python/knownLoaders';
import { SourceRegex, sourceRegexes } from './__testUtils__/sourceRegexes';

const EVIDENCE = path.resolve(__dirname, '..');

/** A flagged pattern that cannot backtrack where it is used, and why. */
interface Listed {
  file: string;
  pattern: string;
  reason: string;
}

/** Flagged, but the flagged backtracking cannot happen. */
const FALSE_POSITIVES: Listed[] = [
  {
    file: 'analyze/docker/installedManifests.ts',
    pattern: String.raw`/\b(?:pip[0-9.]*|uv\s+pip|python[0-9.]*\s+-m\s+pip)\s+install\s+(.*)$/s`,
    reason: '`(.*)$` with the s flag cannot fail, so `\\s+` never gives back',
  },
  {
    file: 'analyze/requirements.ts',
    pattern: String.raw`/^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s`,
    reason:
      'anchored, and `(.*)$` with the s flag cannot fail: the first try matches',
  },
  {
    file: 'analyze/python/definitionStatements.ts',
    pattern: String.raw`/\(.*$/s`,
    reason: '`.*$` with the s flag cannot fail: it matches at the first `(`',
  },
  {
    file: 'analyze/python/pythonProject.ts',
    pattern: String.raw`/^(\.+)(.*)$/`,
    reason:
      'a module name from a parsed import holds no line terminator, so `.*$` cannot fail',
  },
];

/**
 * Patterns built at run time from values the source does not spell out:
 * the built pattern is checked instead, by file.
 */
const BUILT_AT_RUN_TIME: Record<string, RegExp[]> = {
  'analyze/ci/changeTriggers.ts': [MAY_NOT_RUN_ON_CHANGES],
  'analyze/ci/workflowStepPurpose.ts': [MAY_NAME_DOCS_OR_HOUSEKEEPING],
  'analyze/python/knownLoaders.ts': [LOADER_WORD],
};

const written = (regex: { source?: string; flags: string }) =>
  `/${regex.source}/${regex.flags}`;

/** scslre's findings for a pattern, as `Trade` / `Self` / `Move` with the character to repeat. */
function superLinear(source: string, flags: string): string[] {
  return analyse({ source, flags }).reports.map(
    report => `${report.type} on ${JSON.stringify(report.character.pick)}`,
  );
}

describe('regular expressions of the analyzers', () => {
  const regexes = sourceRegexes(EVIDENCE);
  const listed = FALSE_POSITIVES;
  const isListed = (regex: SourceRegex) =>
    listed.some(
      entry => entry.file === regex.file && entry.pattern === written(regex),
    );

  it('are all found', () => {
    // The analyzers hold hundreds; a broken search would find few.
    expect(regexes.length).toBeGreaterThan(300);
    expect(regexes.filter(regex => regex.source === undefined)).toEqual(
      Object.entries(BUILT_AT_RUN_TIME).flatMap(([file, built]) =>
        built.map(() => expect.objectContaining({ file })),
      ),
    );
  });

  it('have no super-linear backtracking', () => {
    const flagged = regexes
      .filter(regex => regex.source !== undefined && !isListed(regex))
      .map(regex => ({
        at: `${regex.file}:${regex.line} ${written(regex)}`,
        findings: superLinear(regex.source!, regex.flags),
      }))
      .filter(regex => regex.findings.length > 0);
    expect(flagged).toEqual([]);
  });

  it('built at run time have no super-linear backtracking', () => {
    for (const built of Object.values(BUILT_AT_RUN_TIME).flat()) {
      expect(superLinear(built.source, built.flags)).toEqual([]);
    }
  });

  it('are listed as exceptions only while they are written and flagged', () => {
    const stale = listed.filter(
      entry =>
        !regexes.some(
          regex =>
            regex.file === entry.file &&
            written(regex) === entry.pattern &&
            superLinear(regex.source!, regex.flags).length > 0,
        ),
    );
    expect(stale).toEqual([]);
  });
});

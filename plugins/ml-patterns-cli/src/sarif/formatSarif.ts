import {
  CheckResult,
  EntityReport,
  EvidenceItem,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, Notification, Result, Suppression } from 'sarif';
import { DescriptorLines } from './descriptorLines';
import { levelForWeight, sarifRules } from './sarifRules';

/** The schema GitHub code scanning and SchemaStore publish for SARIF 2.1.0. */
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Paths in the log are relative to the repository root, named by this base id. */
export const SRCROOT = 'SRCROOT';

export interface SarifInput {
  report: EntityReport;
  /** The rules the report was evaluated with (catalog data). */
  rules: ReadonlyArray<RuleDefinition>;
  /** Ids of the built-in rules: their documentation is the rule catalog. */
  builtInRuleIds: ReadonlySet<string>;
  /** Rule weights set in `mlPatterns.rules`. */
  weights?: Readonly<Record<string, number>>;
  /** Absolute path of the repository root (the git checkout, or the scored folder). */
  repositoryRoot: string;
  /** Absolute path of the folder the evidence paths are relative to. */
  sourceFolder: string;
  /**
   * The entity's catalog descriptor: findings without a file of their own
   * are shown there. Without one, the `catalog-info.yaml` the scored folder
   * would hold.
   */
  descriptor: { file: string; lines: DescriptorLines };
  tool: { version: string; informationUri?: string };
}

/** A repository-relative path as a URI reference (`a b/c#d` → `a%20b/c%23d`). */
function relativeUri(relative: string): string {
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

/**
 * The SARIF 2.1.0 log of one report: one run of the `ml-patterns` tool,
 * its rules with their remediation, and one result per failed check at
 * the file and line of its evidence (or at the entity's descriptor when
 * the evidence names no file). A failed check the entity waived is a
 * suppressed result. Unverified (`unknown`) checks are not findings: they
 * are the run's notifications, as are a repository that could not be read
 * and waivers that are invalid.
 */
export function formatSarif(input: SarifInput): Log {
  const { report, repositoryRoot, sourceFolder, descriptor } = input;
  const weights = input.weights ?? {};
  const checked = new Set(report.checks.map(check => check.ruleId));
  const rules = input.rules.filter(rule => checked.has(rule.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const ruleById = new Map(rules.map(rule => [rule.id, rule]));

  function fileLocation(absolute: string, line?: number): Location {
    const relative = path.relative(repositoryRoot, absolute);
    const artifactLocation =
      relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
        ? { uri: pathToFileURL(absolute).href }
        : { uri: relativeUri(relative), uriBaseId: SRCROOT };
    return {
      physicalLocation: {
        artifactLocation,
        ...(line && line >= 1 ? { region: { startLine: line } } : {}),
      },
    };
  }

  function descriptorLocation(field?: string): Location {
    const line =
      (field ? descriptor.lines.field(field) : undefined) ??
      descriptor.lines.entity;
    return fileLocation(descriptor.file, line);
  }

  /** A file of the repository, or a field of the descriptor; none for other entities. */
  function evidenceLocation(item: EvidenceItem): Location | undefined {
    let location: Location | undefined;
    if (item.path) {
      const absolute = path.resolve(sourceFolder, item.path);
      const relative = path.relative(repositoryRoot, absolute);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
        location = fileLocation(absolute, item.line);
      }
    } else if (item.field) {
      location = descriptorLocation(item.field);
    }
    if (location && item.note) {
      location.message = { text: item.note };
    }
    return location;
  }

  function toResult(check: CheckResult): Result {
    const rule = ruleById.get(check.ruleId);
    const weight = weights[check.ruleId] ?? rule?.weight ?? 1;
    const located = check.evidence.flatMap(item => {
      const location = evidenceLocation(item);
      return location ? [{ item, location }] : [];
    });
    // A file of the repository first; a descriptor field otherwise.
    const primary = located.find(({ item }) => item.path) ?? located[0];
    const related = located.filter(entry => entry !== primary);
    const suppressions: Suppression[] | undefined = check.waiver
      ? [
          {
            kind: 'inSource',
            status: 'accepted',
            justification: `${check.waiver.reason} (approved by ${check.waiver.approvedBy} until ${check.waiver.until})`,
            location: descriptorLocation(
              'metadata.annotations.ml-patterns.io/waivers',
            ),
          },
        ]
      : undefined;
    const index = ruleIndex.get(check.ruleId);
    return {
      ruleId: check.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      kind: 'fail',
      level: levelForWeight(weight),
      message: {
        // An expired or invalid waiver is said, so a failure that was
        // waived yesterday does not look new.
        text: check.waiverProblem
          ? `${check.message} ${check.waiverProblem}`
          : check.message,
      },
      locations: [primary?.location ?? descriptorLocation()],
      ...(related.length > 0
        ? {
            relatedLocations: related.map(({ location }, i) => ({
              id: i + 1,
              ...location,
            })),
          }
        : {}),
      ...(suppressions ? { suppressions } : {}),
    };
  }

  const notifications: Notification[] = [];
  if (report.evidenceSource.status === 'unavailable') {
    notifications.push({
      level: 'error',
      message: {
        text: `not scored: repository unreadable (${
          report.evidenceSource.reason ?? 'no reason given'
        })`,
      },
    });
  }
  for (const waiver of report.waivers) {
    if (waiver.state !== 'invalid') continue;
    const index = waiver.ruleId ? ruleIndex.get(waiver.ruleId) : undefined;
    notifications.push({
      level: 'warning',
      message: {
        text: waiver.ruleId
          ? `Waiver of ${waiver.ruleId} not applied: ${waiver.problem}`
          : `Waivers not applied: ${waiver.problem}`,
      },
      ...(waiver.ruleId && index !== undefined
        ? { associatedRule: { id: waiver.ruleId, index } }
        : {}),
    });
  }
  for (const check of report.checks) {
    if (check.verdict !== 'unknown' || check.waiver) continue;
    const index = ruleIndex.get(check.ruleId);
    notifications.push({
      level: 'note',
      message: { text: `Not verified: ${check.message}` },
      associatedRule: {
        id: check.ruleId,
        ...(index !== undefined ? { index } : {}),
      },
    });
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ml-patterns',
            version: input.tool.version,
            semanticVersion: input.tool.version,
            ...(input.tool.informationUri
              ? { informationUri: input.tool.informationUri }
              : {}),
            rules: sarifRules(rules, weights, input.builtInRuleIds),
          },
        },
        // One category per entity: the runs of several folders of one
        // repository are uploaded side by side instead of replacing each other.
        automationDetails: { id: `ml-patterns/${report.entityRef}/` },
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: pathToFileURL(path.join(repositoryRoot, path.sep)).href,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0
              ? { toolExecutionNotifications: notifications }
              : {}),
          },
        ],
        results: report.checks
          .filter(check => check.verdict === 'fail')
          .map(toResult),
        properties: {
          entityRef: report.entityRef,
          role: report.role,
          grade: report.grade,
          score: report.score,
          coverage: report.coverage,
          antiPatterns: report.antiPatterns,
          releasePattern: report.releasePattern,
        },
      },
    ],
  };
}

import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CheckResult,
  DeclaredWaiver,
  DEFAULT_GRADE_BANDS,
  EntityReport,
  Grade,
  GradeBands,
  gradeForScore,
  EvidenceSource,
  Verdict,
  VERDICTS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { detectAntiPatterns } from './antiPatterns';
import { releasePatternOf } from './releasePattern';
import { RulesMemo } from './RulesMemo';
import { rulesetVersionOf } from './rulesetVersion';
import { computeScore } from './score';
import { EngineOptions, EvaluationInput, MlPatternsRule } from './types';
import { declaresWaivers, readWaivers } from './waivers';

const KNOWN_VERDICTS: ReadonlySet<Verdict> = new Set(VERDICTS);

/** `Does not apply to … entities.`, once per role. */
const notApplicableMessages = new Map<string, string>();

function notApplicableMessage(role: string): string {
  let message = notApplicableMessages.get(role);
  if (message === undefined) {
    message = `Does not apply to ${role} entities.`;
    // Roles are a handful of words; an unexpected one is not kept.
    if (notApplicableMessages.size < 16)
      notApplicableMessages.set(role, message);
  }
  return message;
}

/**
 * Runs one rule into its check; a rule that throws or answers nonsense
 * gives `unknown`, never a crash. Builds the check directly: one object per
 * rule and entity, not an outcome copied into a check.
 */
function runRule(rule: MlPatternsRule, input: EvaluationInput): CheckResult {
  const ruleId = rule.id;
  if (!rule.appliesTo.includes(input.role)) {
    return {
      ruleId,
      verdict: 'not-applicable',
      message: notApplicableMessage(input.role),
      evidence: [],
    };
  }
  try {
    const result = rule.evaluate(input);
    if (!result || !KNOWN_VERDICTS.has(result.verdict)) {
      return {
        ruleId,
        verdict: 'unknown',
        message: `The rule returned an invalid verdict (${String(
          result?.verdict,
        )}).`,
        evidence: [],
      };
    }
    return {
      ruleId,
      verdict: result.verdict,
      message: String(result.message ?? ''),
      evidence: Array.isArray(result.evidence) ? result.evidence : [],
    };
  } catch (error) {
    return {
      ruleId,
      verdict: 'unknown',
      message: `The rule could not be evaluated: ${
        error instanceof Error ? error.message : String(error)
      }`,
      evidence: [],
    };
  }
}

function entityRefOf(input: EvaluationInput): string {
  try {
    return stringifyEntityRef(input.entity);
  } catch {
    const { kind, metadata } = input.entity;
    return `${String(kind).toLocaleLowerCase('en-US')}:${
      metadata?.namespace ?? 'default'
    }/${metadata?.name}`;
  }
}

function evidenceSourceOf(input: EvaluationInput): EvidenceSource {
  if (!input.evidence) {
    return { status: 'not-configured' };
  }
  const { status, location, reason, stale } = input.evidence;
  const source: EvidenceSource = { status: stale ? 'stale' : status };
  if (location !== undefined) source.location = location;
  if (stale) {
    source.reason = stale.reason;
    source.readAt = stale.readAt;
  } else if (reason !== undefined) {
    source.reason = reason;
  }
  return source;
}

function anyDetected(antiPatterns: Record<string, string>): boolean {
  for (const id in antiPatterns) {
    if (antiPatterns[id] === 'detected') return true;
  }
  return false;
}

/**
 * An entity that shows an anti-pattern is graded C at best, however well it
 * does on everything else: a B or an A would tell its team there is little
 * to do. Capping (rather than weighting) keeps "fixing a check never lowers
 * the score" true: the cap only lifts when the detection goes away.
 */
function capWhenDetected(
  summary: { score: number | null; grade: Grade | null },
  detected: boolean,
  bands: GradeBands = DEFAULT_GRADE_BANDS,
): { score: number | null; grade: Grade | null } {
  if (!detected || summary.score === null) {
    return summary;
  }
  const b = bands.find(band => band.grade === 'B');
  const ceiling = b ? b.min - 1 : 100;
  if (summary.score <= ceiling) {
    return summary;
  }
  return { score: ceiling, grade: gradeForScore(ceiling, bands) };
}

/**
 * An entity whose repository could not be read is not scored: the checks
 * left out as unknown are the ones that read the repository, so the mean of
 * the rest (descriptor and catalog checks, which usually pass) would be a
 * confident grade nobody earned. Verdicts the catalog alone proves (e.g.
 * All-in-one from several served models) are still reported.
 */
function notScoredWhenUnreadable(
  summary: { score: number | null; grade: Grade | null },
  input: EvaluationInput,
): { score: number | null; grade: Grade | null } {
  return input.evidence?.status === 'unavailable'
    ? { score: null, grade: null }
    : summary;
}

/**
 * An active waiver waives the check; one that expired or is invalid does
 * not, and the check says why, so a failure is never silently let through.
 */
function applyWaiver(check: CheckResult, waiver: DeclaredWaiver) {
  const { state, reason, approvedBy, until, ticket } = waiver;
  if (state === 'active') {
    check.waiver = { reason: reason!, approvedBy: approvedBy!, until: until! };
    if (ticket !== undefined) check.waiver.ticket = ticket;
  } else if (state === 'expired') {
    check.waiverProblem = `Waiver expired on ${until} (approved by ${approvedBy}): it no longer applies.`;
  } else {
    check.waiverProblem = `Waiver not applied: ${waiver.problem}.`;
  }
}

/** What evaluating with a given rule set and options needs, worked out once. */
interface PreparedRules {
  enabled: MlPatternsRule[];
  /** Every rule's id, switched off or not: the ids a waiver may name. */
  ruleIds: ReadonlySet<string>;
  weightOf: (ruleId: string) => number;
  version: string;
}

const NO_OPTIONS: EngineOptions = {};
const prepared = new RulesMemo<EngineOptions, PreparedRules>(
  () => new WeakMap(),
);

/**
 * Filters and weighs the rules once per (rules, options) pair: the
 * processor scores thousands of entities with the same pair.
 */
function prepare(
  rules: ReadonlyArray<MlPatternsRule>,
  options: EngineOptions,
): PreparedRules {
  return prepared.get(rules, options, () => {
    const disabled = new Set(options.disabled ?? []);
    const enabled = rules.filter(rule => !disabled.has(rule.id));
    const weights = new Map(enabled.map(rule => [rule.id, rule.weight]));
    for (const [id, weight] of Object.entries(options.weights ?? {})) {
      weights.set(id, weight);
    }
    const weightOf = (id: string) => weights.get(id) ?? 0;
    return {
      enabled,
      ruleIds: new Set(rules.map(rule => rule.id)),
      weightOf,
      version: rulesetVersionOf(
        enabled.map(rule => rule.id),
        weightOf,
        options.gradeBands,
      ),
    };
  });
}

/**
 * Scores one entity: runs every enabled rule, applies waivers, and derives
 * the score, grade, coverage, anti-pattern verdicts and release pattern.
 *
 * Pure and synchronous: the same input (with its `now`), rules and options
 * always give the same report. Rules whose `appliesTo` excludes the entity's role are
 * `not-applicable`; disabled rules are left out of the report. The rules
 * array and options are treated as immutable (preparation is cached per
 * pair).
 *
 * @public
 */
export function evaluateEntity(
  input: EvaluationInput,
  rules: ReadonlyArray<MlPatternsRule>,
  options: EngineOptions = NO_OPTIONS,
): EntityReport {
  const { enabled, ruleIds, weightOf, version } = prepare(rules, options);
  // Most entities declare no waiver: no clock reading, no map for them.
  const waivers = declaresWaivers(input.entity)
    ? readWaivers(input.entity, {
        ruleIds,
        now: input.now ?? new Date(Date.now()),
      })
    : [];
  let waiverOf: Map<string, DeclaredWaiver> | undefined;
  for (const waiver of waivers) {
    if (waiver.ruleId !== undefined) {
      waiverOf ??= new Map();
      waiverOf.set(waiver.ruleId, waiver);
    }
  }
  const checks: CheckResult[] = new Array(enabled.length);
  for (let i = 0; i < enabled.length; i++) {
    const check = runRule(enabled[i], input);
    const waiver = waiverOf?.get(check.ruleId);
    if (waiver) applyWaiver(check, waiver);
    checks[i] = check;
  }

  const summary = computeScore(checks, weightOf, options.gradeBands);
  const antiPatterns = detectAntiPatterns(input.role, enabled, checks);
  const { score, grade } = notScoredWhenUnreadable(
    capWhenDetected(summary, anyDetected(antiPatterns), options.gradeBands),
    input,
  );

  return {
    entityRef: entityRefOf(input),
    role: input.role,
    score,
    grade,
    coverage: summary.coverage,
    antiPatterns,
    releasePattern: releasePatternOf(input).pattern,
    checks,
    evidenceSource: evidenceSourceOf(input),
    rulesetVersion: version,
    waivers,
  };
}

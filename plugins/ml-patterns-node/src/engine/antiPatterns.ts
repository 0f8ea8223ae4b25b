import {
  AntiPatternId,
  AntiPatternVerdict,
  BUILT_IN_RULES,
  CheckResult,
  EntityRole,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { RulesMemo } from './RulesMemo';
import { MlPatternsRule } from './types';

/** Kleene's three-valued logic: true, false, or unknown. */
type Tri = true | false | undefined;

// Two operands at a time (the logic is associative): no argument arrays
// or callbacks per entity.
function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return undefined;
}

function or3(a: Tri, b: Tri, c: Tri): Tri {
  return or(or(a, b), c);
}

function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return undefined;
}

const BUILT_IN_IDS = new Set(BUILT_IN_RULES.map(rule => rule.id));
// Module-level copies: reading RULE_IDS through the package's re-exports on every call is measurably slow.
const {
  oneModelPerServer,
  noSharedServerGroup,
  sourceRepository,
  notNotebookOnly,
  containerEnvironment,
  pinnedDependencies,
  teamOwnership,
  codeReview,
  automatedChecks,
  modelProvenance,
} = RULE_IDS;

/**
 * "This check shows the anti-pattern": a failed check is true, a passed,
 * not-applicable, waived or absent (disabled) check is false, an unknown
 * one is unknown.
 */
type Checks = ReadonlyArray<CheckResult>;

/**
 * The check of a rule id (the last one, should an id repeat). A scan of a
 * dozen checks costs less than building a map of them for every entity.
 */
function checkOf(checks: Checks, ruleId: string): CheckResult | undefined {
  for (let i = checks.length - 1; i >= 0; i--) {
    if (checks[i].ruleId === ruleId) return checks[i];
  }
  return undefined;
}

function failed(checks: Checks, ruleId: string): Tri {
  const check = checkOf(checks, ruleId);
  if (!check || check.waiver) return false;
  if (check.verdict === 'fail') return true;
  if (check.verdict === 'unknown') return undefined;
  return false;
}

/**
 * The formulas, over failed checks:
 *
 * - All-in-one: several models in one server, or in one server group.
 * - Only-me: nobody can see it (no source) OR nobody else can run it
 *   (notebooks only, in an environment that is not shared: no container OR
 *   nothing pinned) OR nobody can rebuild its environment (no container AND
 *   nothing pinned) OR nobody else reviews it and nothing makes it
 *   reproducible instead (a single owner AND no reviewers AND (nothing
 *   pinned OR no CI)) OR nobody and nothing checks it (no reviewers AND no
 *   CI AND nothing pinned) OR a model is handed over without the code and
 *   data that made it and nobody else reviews it (committed models without
 *   training code or data AND no reviewers AND (a single owner OR no CI)).
 *
 * A single owner without a CODEOWNERS file is common in teams that review
 * through pull requests; with a pinned environment and CI others can still
 * rebuild and check the work, so that alone is not the anti-pattern.
 *
 * Notebooks alone are not the anti-pattern: the seed's case is a notebook
 * on a private laptop. Notebooks run in a container built from pinned
 * requirements (e.g. as a scheduled job) can be run by anyone.
 */
const FORMULAS: Record<AntiPatternId, (checks: Checks) => Tri> = {
  'all-in-one': c =>
    or(failed(c, oneModelPerServer), failed(c, noSharedServerGroup)),
  'only-me': c => {
    const noContainer = failed(c, containerEnvironment);
    const notPinned = failed(c, pinnedDependencies);
    const noReviewers = failed(c, codeReview);
    const noCi = failed(c, automatedChecks);
    return or3(
      or(
        failed(c, sourceRepository),
        and(failed(c, notNotebookOnly), or(noContainer, notPinned)),
      ),
      or(
        and(noContainer, notPinned),
        or(
          and(and(failed(c, teamOwnership), noReviewers), or(notPinned, noCi)),
          and(and(noReviewers, noCi), notPinned),
        ),
      ),
      and(
        and(failed(c, modelProvenance), noReviewers),
        or(failed(c, teamOwnership), noCi),
      ),
    );
  },
};

const ANTI_PATTERNS = Object.keys(FORMULAS) as AntiPatternId[];

/**
 * Roles a pattern judges only through what the entity holds: a repository
 * is judged for All-in-one through the serving units in it, a serving unit
 * through the models it holds, and the pattern does not apply to one whose
 * checks find none (every check of the pattern `not-applicable`).
 */
const JUDGED_THROUGH_CONTENTS: Partial<
  Record<AntiPatternId, ReadonlySet<EntityRole>>
> = { 'all-in-one': new Set<EntityRole>(['repository', 'serving-unit']) };

function verdictOf(value: boolean | undefined): AntiPatternVerdict {
  if (value === true) return 'detected';
  if (value === false) return 'clear';
  return 'unknown';
}

function someChecked(ruleIds: ReadonlyArray<string>, checks: Checks): boolean {
  for (const id of ruleIds) {
    if (checkOf(checks, id)) return true;
  }
  return false;
}

function someApplicable(
  ruleIds: ReadonlyArray<string>,
  checks: Checks,
): boolean {
  for (const id of ruleIds) {
    const check = checkOf(checks, id);
    if (check && check.verdict !== 'not-applicable') return true;
  }
  return false;
}

/**
 * Per anti-pattern: `detected` when the formula is true, `clear` when it is
 * false, `unknown` when unknown checks leave it open, `not-applicable` when
 * no enabled rule of the pattern applies to the entity's role (or, for a
 * repository's All-in-one, when its checks find no serving unit in it). A failing
 * rule added through the extension point with the pattern's id also
 * detects the pattern.
 *
 * @public
 */
export function detectAntiPatterns(
  role: EntityRole,
  rules: ReadonlyArray<Pick<MlPatternsRule, 'id' | 'pattern' | 'appliesTo'>>,
  checks: ReadonlyArray<CheckResult>,
): Record<AntiPatternId, AntiPatternVerdict> {
  const scope = patternScope(rules, role);
  const result = {} as Record<AntiPatternId, AntiPatternVerdict>;
  for (const pattern of ANTI_PATTERNS) {
    const { ruleIds, extensionIds, throughContents } = scope[pattern];
    if (
      !someChecked(ruleIds, checks) ||
      (throughContents && !someApplicable(ruleIds, checks))
    ) {
      result[pattern] = 'not-applicable';
      continue;
    }
    let value = FORMULAS[pattern](checks);
    for (const id of extensionIds) {
      value = or(value, failed(checks, id));
    }
    result[pattern] = verdictOf(value);
  }
  return result;
}

type PatternScope = Record<
  AntiPatternId,
  { ruleIds: string[]; extensionIds: string[]; throughContents: boolean }
>;
const scopes = new RulesMemo<EntityRole, PatternScope>(() => new Map());

/** Which rules of each anti-pattern apply to a role; cached per rules array. */
function patternScope(
  rules: ReadonlyArray<Pick<MlPatternsRule, 'id' | 'pattern' | 'appliesTo'>>,
  role: EntityRole,
): PatternScope {
  return scopes.get(rules, role, () => {
    const scope = {} as PatternScope;
    for (const pattern of ANTI_PATTERNS) {
      const applicable = rules.filter(
        rule => rule.pattern === pattern && rule.appliesTo.includes(role),
      );
      scope[pattern] = {
        ruleIds: applicable.map(rule => rule.id),
        extensionIds: applicable
          .filter(rule => !BUILT_IN_IDS.has(rule.id))
          .map(rule => rule.id),
        throughContents: JUDGED_THROUGH_CONTENTS[pattern]?.has(role) ?? false,
      };
    }
    return scope;
  });
}

import { EvidenceItem, Verdict } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import { EvaluationInput, MlPatternsRule, RuleOutcome } from '../types';
import { builtInRuleText } from './ruleText';

/** A built-in rule: its catalog text from `BUILT_IN_RULES` plus its logic. */
export function builtInRule(
  id: string,
  evaluate: (input: EvaluationInput) => RuleOutcome,
): MlPatternsRule {
  return { ...builtInRuleText(id), evaluate };
}

export function outcome(
  verdict: Verdict,
  message: string,
  evidence: EvidenceItem[] = [],
): RuleOutcome {
  return { verdict, message, evidence };
}

/**
 * The outcome a check reaches when it found something, with what it found as
 * the evidence; undefined when it found nothing, to go on to the next case.
 */
export function outcomeIfFound(
  verdict: Verdict,
  message: string,
  found: EvidenceItem[],
): RuleOutcome | undefined {
  return found.length > 0 ? outcome(verdict, message, found) : undefined;
}

/** The evidence when the repository was read, else undefined. */
export function readableEvidence(
  input: EvaluationInput,
): RepositoryEvidence | undefined {
  return input.evidence?.status === 'ok' ? input.evidence : undefined;
}

/**
 * The `unknown` outcome of a check that needs the catalog's relations when
 * they could not be read.
 */
export function relationsUnavailable(input: EvaluationInput): RuleOutcome {
  return outcome(
    'unknown',
    `Catalog relations unavailable${
      input.related.reason ? `: ${input.related.reason}` : ''
    }.`,
  );
}

/**
 * The `unknown` outcome of a check that needs the repository when it could
 * not be read (or there is none). The source-repository check is the one
 * that fails for a missing source; other checks do not fail twice for it.
 */
export function repositoryUnreadable(input: EvaluationInput): RuleOutcome {
  if (!input.evidence) {
    return outcome(
      'unknown',
      'No source location, so the repository cannot be checked (see only-me/source-repository).',
    );
  }
  const location = input.evidence.location;
  return outcome(
    'unknown',
    `Repository could not be read: ${
      input.evidence.reason ?? 'unknown reason'
    }.`,
    location ? [{ note: `location ${location}` }] : [],
  );
}

/**
 * The logic of a check that needs the repository, run on its evidence; the
 * check is unknown when the repository could not be read (or there is
 * none), see {@link repositoryUnreadable}.
 */
export function needsRepository(
  evaluate: (
    evidence: RepositoryEvidence,
    input: EvaluationInput,
  ) => RuleOutcome,
): (input: EvaluationInput) => RuleOutcome {
  return input => {
    const evidence = readableEvidence(input);
    return evidence ? evaluate(evidence, input) : repositoryUnreadable(input);
  };
}

/** The outcome for entities a rule has nothing to say about. */
export function notApplicable(message: string): RuleOutcome {
  return outcome('not-applicable', message);
}

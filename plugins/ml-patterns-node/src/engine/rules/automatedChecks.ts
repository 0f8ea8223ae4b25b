import { RULE_IDS } from '@ml-patterns/plugin-ml-patterns-common';
import { atLine, listForMessage } from '../evidenceItems';
import { MlPatternsRule } from '../types';
import { builtInRule, needsRepository, outcome } from './ruleHelpers';

/**
 * CI that runs on changes to the code. A configuration that checks
 * nothing about a change (a workflow that only publishes the
 * documentation or tends issues, or runs only on a schedule, by hand or
 * on a release; a pipeline of any CI system that only builds, pushes or
 * deploys images after a change has landed) is no such check: found
 * alone, the check fails and says what was found. An image built on every
 * pull request or branch pushed does check that the environment still
 * builds from the proposed change.
 *
 * @public
 */
export const automatedChecksRule: MlPatternsRule = builtInRule(
  RULE_IDS.automatedChecks,
  needsRepository(evidence => {
    const checking = evidence.ci.filter(c => c.doesNotCheck === undefined);
    if (checking.length > 0) {
      return outcome(
        'pass',
        `CI configured: ${listForMessage([
          ...new Set(checking.map(c => c.kind)),
        ])}.`,
        checking.map(c => atLine(c, c.kind)),
      );
    }
    if (evidence.ci.length > 0) {
      return outcome(
        'fail',
        `No CI checks changes to the code: ${listForMessage(
          evidence.ci.map(c => `${c.path}:${c.line} ${c.doesNotCheck}`),
        )}.`,
        evidence.ci.map(c => atLine(c, `${c.kind}: ${c.doesNotCheck}`)),
      );
    }
    return outcome('fail', 'No CI configuration found.');
  }),
);

import { CheckResult } from '@ml-patterns/plugin-ml-patterns-common';
import { evaluateEntity } from '../evaluateEntity';
import { EvaluationInput, MlPatternsRule } from '../types';
import { TEST_NOW } from './waivers';

/**
 * Runs one rule through the engine (so role filtering and waivers apply),
 * at {@link TEST_NOW} unless the input says otherwise.
 */
export function runCheck(
  rule: MlPatternsRule,
  input: EvaluationInput,
): CheckResult {
  return evaluateEntity({ now: TEST_NOW, ...input }, [rule]).checks[0];
}

/** Test table rows `[name, input, verdict]` → `[name, verdict, input]` so titles read "name → verdict". */
export function titled<I>(
  cases: Array<[string, I, string]>,
): Array<[string, string, I]> {
  return cases.map(([name, input, verdict]) => [name, verdict, input]);
}

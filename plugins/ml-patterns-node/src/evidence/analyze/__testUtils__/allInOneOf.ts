import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo } from './files';

/**
 * The one-model-per-server check on a tree of files: its verdict, and the
 * file:line and note of each piece of evidence, as the fixture tests
 * assert them.
 */
export function allInOneOf(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
  return {
    evidence,
    verdict: check.verdict,
    at: check.evidence.map(e => `${e.path}:${e.line}`),
    notes: check.evidence.map(e => e.note),
  };
}

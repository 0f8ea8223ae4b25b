import { EvidenceProblem, RepositoryEvidence } from '../../types';
import {
  analyzeProwOwners,
  codeownersRuleFor,
  parseCodeownersRules,
  prowStopsParents,
} from '../codeReview';
import { isCodeowners } from '../fileKinds';
import { ancestorsOf } from '../paths';
import { parseYamlDocuments } from '../yamlDocuments';
import { ContextReading } from './contextReading';

/**
 * Review of a scored folder by the repository around it: root CODEOWNERS
 * whose patterns give the folder's files owners, and the Prow OWNERS files
 * above it.
 */
export function addReviewAbove(
  evidence: RepositoryEvidence,
  reading: ContextReading,
): void {
  addCodeownersAbove(evidence, reading);
  addProwOwnersAbove(evidence, reading);
}

/** CODEOWNERS rules that give the folder's files owners. */
function addCodeownersAbove(
  evidence: RepositoryEvidence,
  {
    scope,
    outside,
    sampled,
    textOf,
    reroot,
    guarded,
    problems,
  }: ContextReading,
): void {
  const reviewable = sampled.filter(
    p =>
      !/\.(md|rst|adoc)$/i.test(p) &&
      !/(^|\/)(LICENSE|NOTICE|AUTHORS)[^/]*$/i.test(p),
  );
  const candidates = reviewable.length > 0 ? reviewable : sampled;
  for (const repoPath of outside.filter(isCodeowners)) {
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const rules = parseCodeownersRules(text);
      let owned: { line: number } | undefined;
      let count = 0;
      for (const file of candidates) {
        const rule = codeownersRuleFor(rules, file);
        if (rule && rule.owners.length > 0) {
          owned ??= rule;
          count++;
        }
      }
      if (owned) {
        evidence.codeReview.push({
          path: reroot(repoPath),
          line: owned.line,
          kind: 'CODEOWNERS',
        });
      } else {
        problems.push({
          path: reroot(repoPath),
          message: `CODEOWNERS names no owners for ${scope}; it does not count as its code review`,
        });
      }
      if (owned && count < candidates.length) {
        problems.push({
          path: reroot(repoPath),
          message: `CODEOWNERS gives owners to ${count} of ${candidates.length} files of ${scope}`,
        });
      }
    });
  }
}

/**
 * Prow OWNERS files above the folder, nearest first, until one sets
 * no_parent_owners (the folder's own OWNERS counts for that too).
 */
function addProwOwnersAbove(
  evidence: RepositoryEvidence,
  { scope, byPath, textOf, reroot, guarded, problems }: ContextReading,
): void {
  const ownersAt = (folder: string) => (folder ? `${folder}/OWNERS` : 'OWNERS');
  let inherit = true;
  const own = textOf(ownersAt(scope));
  if (own !== undefined) {
    inherit = !prowStopsParents(parseYamlDocuments(ownersAt(scope), own, []));
  }
  const above = ancestorsOf(scope).reverse();
  for (const folder of above) {
    if (!inherit) break;
    const repoPath = ownersAt(folder);
    const text = byPath.has(repoPath) ? textOf(repoPath) : undefined;
    if (text === undefined) continue;
    let stops: boolean | undefined;
    guarded(repoPath, () => {
      const scoped: EvidenceProblem[] = [];
      const parsed = parseYamlDocuments(repoPath, text, scoped);
      const review = analyzeProwOwners(repoPath, parsed, scoped);
      problems.push(...scoped.map(p => ({ ...p, path: reroot(p.path) })));
      if (review)
        evidence.codeReview.push({ ...review, path: reroot(repoPath) });
      stops = prowStopsParents(parsed);
    });
    if (stops !== undefined) inherit = !stops;
  }
}

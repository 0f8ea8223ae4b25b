import { EvidenceProblem, RepositoryEvidence, SourceLine } from '../types';
import { ParsedYaml, YamlNav } from './yamlDocuments';

type CodeReview = RepositoryEvidence['codeReview'][number];

/**
 * CODEOWNERS counts when it has at least one rule (a pattern with an
 * owner); a file of only comments is reported, not counted.
 */
export function analyzeCodeowners(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): CodeReview | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    // `pattern owner…`; a GitLab `[Section] @owner` header assigns default owners the same way.
    const [, ...owners] = line.split(/\s+/);
    if (owners.some(o => o.startsWith('@') || o.includes('@'))) {
      return { path, line: i + 1, kind: 'CODEOWNERS' };
    }
  }
  problems.push({
    path,
    message:
      'CODEOWNERS has no rule assigning owners; it does not count as code review',
  });
  return undefined;
}

/** Prow OWNERS: counts when it names approvers or reviewers. */
export function analyzeProwOwners(
  path: string,
  parsed: ParsedYaml,
  problems: EvidenceProblem[],
): CodeReview | undefined {
  const first = parsed.documents[0];
  if (first) {
    const nav = new YamlNav(first.doc);
    const lists: Array<[unknown, string]> = [
      [first.root, 'approvers'],
      [first.root, 'reviewers'],
    ];
    for (const [, filter] of nav.entries(first.root, 'filters')) {
      lists.push([filter, 'approvers'], [filter, 'reviewers']);
    }
    for (const [node, key] of lists) {
      const items = nav.items(node, key);
      if (items.length > 0) {
        return {
          path,
          line: parsed.lineOf(nav.get(node, key)) ?? 1,
          kind: 'OWNERS',
        };
      }
    }
  }
  problems.push({
    path,
    message:
      'OWNERS lists no approvers or reviewers; it does not count as code review',
  });
  return undefined;
}

export type DataReference = SourceLine & { note: string };

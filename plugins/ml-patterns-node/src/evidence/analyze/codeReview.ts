import { Minimatch } from 'minimatch';
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

/** One CODEOWNERS rule: a path pattern and the owners it assigns (none: unowned). */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  matcher: (path: string) => boolean;
}

const isOwner = (token: string) => token.startsWith('@') || token.includes('@');

/**
 * A CODEOWNERS pattern as GitHub and GitLab read it (gitignore rules): a
 * leading or inner `/` anchors it to the repository root, otherwise it
 * matches at any depth; a folder owns everything under it; `docs/*` owns
 * the files directly in `docs` only.
 */
export function codeownersMatcher(pattern: string): (path: string) => boolean {
  let body = pattern.replace(/\\ /g, ' ');
  const dirOnly = body.endsWith('/');
  body = body.replace(/(?<!\/)\/+$/, '');
  const anchored = body.startsWith('/') || body.includes('/');
  body = body.replace(/^\/+/, '');
  if (body === '' || body === '*' || body === '**') return () => true;
  const prefix = anchored || body.startsWith('**/') ? '' : '**/';
  const globs: string[] = [];
  if (!dirOnly) globs.push(`${prefix}${body}`);
  if (!body.endsWith('/*')) globs.push(`${prefix}${body}/**`);
  // Compiled on first use: a CODEOWNERS file's rules are read from the
  // last one up, so most of them never match anything.
  let matchers: Minimatch[] | undefined;
  return path => {
    matchers ??= globs.map(glob => new Minimatch(glob, { dot: true }));
    return matchers.some(m => m.match(path));
  };
}

/**
 * The rules of a CODEOWNERS file, in order. GitLab section headers
 * (`[Section] @owner`, `^[Optional]`) give their default owners to the
 * section's patterns that name none.
 */
export function parseCodeownersRules(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  const lines = text.split(/\r?\n/);
  let sectionOwners: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const section = /^\^?\[[^\]]+\](\[\d+\])?\s*(?!\s)(.*)$/.exec(line);
    if (section) {
      sectionOwners = section[2].split(/\s+/).filter(isOwner);
      continue;
    }
    const [pattern, ...rest] = line.split(/(?<!\\)\s+/);
    const owners = rest.filter(isOwner);
    rules.push({
      pattern,
      owners: owners.length > 0 ? owners : sectionOwners,
      line: i + 1,
      matcher: codeownersMatcher(pattern),
    });
  }
  return rules;
}

/** The rule deciding a path's owners (the last one matching), if any. */
export function codeownersRuleFor(
  rules: CodeownersRule[],
  path: string,
): CodeownersRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i].matcher(path)) return rules[i];
  }
  return undefined;
}

/** Prow `options: { no_parent_owners: true }`: OWNERS further up do not apply. */
export function prowStopsParents(parsed: ParsedYaml): boolean {
  const first = parsed.documents[0];
  if (!first) return false;
  const nav = new YamlNav(first.doc);
  return nav.str(first.root, 'options', 'no_parent_owners') === 'true';
}

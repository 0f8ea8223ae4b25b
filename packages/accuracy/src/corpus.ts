import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The verdict kinds a case may assert. */
export const VERDICT_KINDS = [
  'all-in-one',
  'only-me',
  'release-pattern',
] as const;

/** @public */
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** One labelled case of the corpus (see corpus/FORMAT.md). */
export interface CorpusCase {
  /** The case file's name, without `.yaml`. */
  id: string;
  repo: string;
  commit: string;
  path: string;
  role: 'serving-unit' | 'repository' | 'model';
  owner: string;
  category: string;
  expected: Partial<Record<VerdictKind, { verdict: string; reason: string }>>;
}

const ROLES = ['serving-unit', 'repository', 'model'];

/** Reads and checks every case file of `dir`; a malformed case is an error naming its file. */
export function readCorpus(dir: string): CorpusCase[] {
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .map(file => {
      const where = path.join(dir, file);
      const data = parseYaml(fs.readFileSync(where, 'utf8'));
      const problem = (what: string) => new Error(`${where}: ${what}`);
      if (!data || typeof data !== 'object') throw problem('not a mapping');
      if (!/^[\w.-]+\/[\w.-]+$/.test(String(data.repo)))
        throw problem('repo must be owner/name');
      if (!/^[0-9a-f]{40}$/.test(String(data.commit)))
        throw problem('commit must be 40 hex digits');
      if (!ROLES.includes(data.role))
        throw problem(`role must be one of ${ROLES}`);
      const expected: CorpusCase['expected'] = {};
      for (const kind of VERDICT_KINDS) {
        const label = data.expected?.[kind];
        if (label === undefined) continue;
        if (
          typeof label?.verdict !== 'string' ||
          typeof label?.reason !== 'string'
        )
          throw problem(`expected.${kind} needs a verdict and a reason`);
        expected[kind] = { verdict: label.verdict, reason: label.reason };
      }
      return {
        id: file.slice(0, -'.yaml'.length),
        repo: data.repo,
        commit: data.commit,
        path: String(data.path ?? '.'),
        role: data.role,
        owner: String(data.owner ?? 'group:default/ml-team'),
        category: String(data.category ?? 'other'),
        expected,
      };
    });
}

/** Where a case's local copy is expected: `<reposDir>/<owner>+<name>`. */
export function copyOf(reposDir: string, corpusCase: CorpusCase): string {
  return path.join(reposDir, corpusCase.repo.replace('/', '+'));
}

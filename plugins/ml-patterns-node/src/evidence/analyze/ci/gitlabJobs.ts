import {
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import { GITLAB_RESERVED_KEYS } from './gitlabReservedKeys';

/**
 * The jobs of a GitLab CI configuration as GitLab runs them: with the
 * jobs of the files it includes from the repository (`include: local`),
 * and each job's keys completed from the jobs it `extends`. A file
 * included from elsewhere (another project, a URL, a template) or one
 * that cannot be read, or an `extends` of a job not found, leaves the
 * pipeline `unknown`: what runs is not all here.
 */

/** Reads a file of the repository by its path from the root; undefined when not at hand. */
export type RepositoryText = (repoPath: string) => string | undefined;

/** One file's YAML: its navigator and lines. */
interface GitlabFile {
  nav: YamlNav;
  root: unknown;
  lineOf: (node: unknown) => number | undefined;
  /** The configuration itself (not an included file). */
  own: boolean;
}

/** A job, its definition and the jobs it extends (nearest first). */
export interface GitlabJob {
  name: string;
  file: GitlabFile;
  node: unknown;
  /** Its own definition, then those it extends: where a key is looked for, in order. */
  layers: Array<{ file: GitlabFile; node: unknown }>;
}

/** Most files included, and the deepest `extends` chain followed. */
const MAX_INCLUDES = 20;
const MAX_EXTENDS = 8;

function parseFile(
  path: string,
  text: string,
  own: boolean,
): GitlabFile | undefined {
  const parsed = parseYamlDocuments(path, text, [], { keepBraces: true });
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  return nav.isMap(root)
    ? { nav, root, lineOf: parsed.lineOf, own }
    : undefined;
}

/** The local files an `include:` names; undefined when one is not local. */
function localIncludes(file: GitlabFile): string[] | undefined {
  const { nav, root } = file;
  const include = nav.get(root, 'include');
  if (include === undefined) return [];
  const entries = nav.items(include);
  const paths: string[] = [];
  for (const entry of entries.length > 0 ? entries : [include]) {
    const named = nav.str(entry) ?? nav.str(entry, 'local');
    const keys = nav.entries(entry).map(([key]) => key);
    if (
      named === undefined ||
      /^https?:/.test(named) ||
      /[*{]/.test(named) ||
      keys.some(key => key !== 'local' && key !== 'rules')
    )
      return undefined;
    paths.push(named.replace(/^\/+/, ''));
  }
  return paths;
}

export class GitlabJobs {
  /** Jobs and hidden jobs by name, the configuration's own over included ones. */
  private readonly byName = new Map<
    string,
    { file: GitlabFile; node: unknown }
  >();
  readonly own: GitlabFile;
  unknown = false;

  private constructor(own: GitlabFile, included: GitlabFile[]) {
    this.own = own;
    for (const file of [own, ...included]) {
      for (const [name, node] of file.nav.entries(file.root)) {
        if (GITLAB_RESERVED_KEYS.has(name) || !file.nav.isMap(node)) continue;
        if (!this.byName.has(name)) this.byName.set(name, { file, node });
      }
    }
  }

  /** Reads a configuration and what it includes; undefined when it is not one map. */
  static read(
    path: string,
    text: string,
    repositoryText?: RepositoryText,
  ): GitlabJobs | undefined {
    const own = parseFile(path, text, true);
    if (!own) return undefined;
    const included: GitlabFile[] = [];
    let unknown = false;
    const queue = [own];
    const seen = new Set<string>();
    while (queue.length > 0 && !unknown) {
      const paths = localIncludes(queue.shift()!);
      if (paths === undefined || !repositoryText) {
        unknown = paths === undefined || paths.length > 0;
        break;
      }
      for (const includePath of paths) {
        if (seen.has(includePath)) continue;
        seen.add(includePath);
        const includeText = repositoryText(includePath);
        const file =
          includeText === undefined || seen.size > MAX_INCLUDES
            ? undefined
            : parseFile(includePath, includeText, false);
        if (!file) {
          unknown = true;
          break;
        }
        included.push(file);
        queue.push(file);
      }
    }
    const jobs = new GitlabJobs(own, included);
    jobs.unknown = unknown;
    return jobs;
  }

  /** The jobs that run (not hidden `.templates`), each with what it extends. */
  jobs(): GitlabJob[] {
    const jobs: GitlabJob[] = [];
    for (const [name, { file, node }] of this.byName) {
      if (name.startsWith('.')) continue;
      const layers = this.layersOf(file, node);
      if (!layers) {
        this.unknown = true;
        continue;
      }
      jobs.push({ name, file, node, layers });
    }
    return jobs;
  }

  /** A job's definition and those it extends, nearest first; undefined when one is missing. */
  private layersOf(
    file: GitlabFile,
    node: unknown,
    depth = 0,
  ): GitlabJob['layers'] | undefined {
    const layers = [{ file, node }];
    const extended = file.nav.strings(node, 'extends');
    if (extended.length === 0) return layers;
    if (depth >= MAX_EXTENDS) return undefined;
    // With several, the last one wins: read it first.
    for (const name of [...extended].reverse()) {
      const parent = this.byName.get(name);
      if (!parent) return undefined;
      const above = this.layersOf(parent.file, parent.node, depth + 1);
      if (!above) return undefined;
      layers.push(...above);
    }
    return layers;
  }
}

/** A key of a job, from its own definition or the nearest job it extends that sets it. */
export function jobKey(
  job: GitlabJob,
  key: string,
): { file: GitlabFile; node: unknown; definition: unknown } | undefined {
  for (const layer of job.layers) {
    const node = layer.file.nav.get(layer.node, key);
    if (node !== undefined)
      return { file: layer.file, node, definition: layer.node };
  }
  return undefined;
}

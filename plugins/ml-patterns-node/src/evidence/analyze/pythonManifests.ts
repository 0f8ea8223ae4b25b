import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument, isMap, isSeq, isScalar, LineCounter } from 'yaml';
import {
  DependencyManifestFacts,
  EvidenceProblem,
  RequirementFacts,
} from '../types';
import {
  isInstallableName,
  isPinnedSpecifier,
  parseRequirementSpec,
} from './requirements';
import { isFixedRef, isPinnedRequirementUrl } from './dependencies/urlPins';
import { memoizedPer } from './memoizedPer';
import {
  pipfileDeclaresNoDependencies,
  pyprojectDeclaresNoDependencies,
} from './dependencies/declaresNoDependencies';
import { problemMessage, LineIndex } from './text';
import { withoutStackTraces } from './withoutStackTraces';
import { yamlNestingProblem } from './yamlNesting';

/**
 * Python dependency manifests other than requirements files:
 * pyproject.toml (PEP 621 and Poetry), Pipfile, conda environment files
 * and setup.py (best effort).
 */

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tomlProblem(path: string, error: unknown): EvidenceProblem {
  const line = error instanceof TomlError ? error.line : undefined;
  return { path, line, message: `invalid TOML: ${problemMessage(error)}` };
}

/** First line (1-based) at or after `from` where `test` holds. */
function findLine(
  lines: string[],
  test: (line: string) => boolean,
  from = 0,
): number | undefined {
  for (let i = from; i < lines.length; i++) {
    if (test(lines[i])) return i + 1;
  }
  return undefined;
}

function sectionLine(lines: string[], header: string): number {
  const wanted = header.replace(/\s+/g, '');
  return (
    findLine(lines, line =>
      line.replace(/\s+/g, '').startsWith(`[${wanted}]`),
    ) ?? 0
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The key a line assigns, as `^\s*["']?KEY["']?\s*=` reads it: blanks, an
 * optional quote, the key, an optional quote, blanks, the first `=`.
 */
function assignedKey(line: string): string | undefined {
  let start = 0;
  while (start < line.length && /\s/.test(line[start])) start++;
  if (line[start] === '"' || line[start] === "'") start++;
  const equals = line.indexOf('=', start);
  if (equals < 0) return undefined;
  let end = equals;
  while (end > start && /\s/.test(line[end - 1])) end--;
  if (end > start && (line[end - 1] === '"' || line[end - 1] === "'")) end--;
  return line.slice(start, end).toLowerCase();
}

/** Lines of each assigned key, ascending, per file (built on first use). */
const keyIndex = memoizedPer((lines: string[]) => {
  const index = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const key = assignedKey(line);
    if (key === undefined) return;
    const at = index.get(key);
    if (at) at.push(i);
    else index.set(key, [i]);
  });
  return index;
});

/**
 * Line of a `name = …` key inside a TOML section. Package names are looked
 * up in an index of the file's keys (a scan per dependency is quadratic in
 * a manifest of thousands); other keys by the pattern.
 */
function keyLine(
  lines: string[],
  section: number,
  key: string,
): number | undefined {
  if (!/^[\w.-]+$/.test(key)) {
    const pattern = new RegExp(`^\\s*["']?${escapeRegExp(key)}["']?\\s*=`, 'i');
    return findLine(lines, line => pattern.test(line), section);
  }
  const at = keyIndex(lines).get(key.toLowerCase()) ?? [];
  const first = at.find(i => i >= section);
  return first === undefined ? undefined : first + 1;
}

/** Characters `stringLine` may still read per file: ordinary manifests never use it up. */
const searchBudgets = new WeakMap<string[], number>();

/**
 * First line at or after `from` holding the value. Each look-up reads on
 * from `from`, so the reading per file is capped (at twenty times the
 * file): past it, a value's line is left unknown.
 */
function stringLine(
  lines: string[],
  from: number,
  value: string,
): number | undefined {
  let budget =
    searchBudgets.get(lines) ??
    20 * lines.reduce((total, line) => total + line.length + 1, 0) + 100_000;
  let found: number | undefined;
  for (let i = from; i < lines.length && budget > 0; i++) {
    budget -= lines[i].length + 1;
    if (lines[i].includes(value)) {
      found = i + 1;
      break;
    }
  }
  searchBudgets.set(lines, budget);
  return found;
}

/**
 * A Poetry / Pipfile version constraint: `1.2.3` and `==1.2.3` pin;
 * `^`, `~`, `*`, ranges do not. Tables with `git` + a commit `rev` pin;
 * local `path`s are not third-party requirements.
 */
function poetryConstraint(
  value: unknown,
): { specifier: string; pinned: boolean } | undefined {
  if (typeof value === 'string') {
    const v = value.trim();
    if (/^\d+(\.\d+)*([a-z]+\d*)?(\.post\d+)?$/i.test(v)) {
      return { specifier: `==${v}`, pinned: true };
    }
    return { specifier: v, pinned: v !== '*' && isPinnedSpecifier(v) };
  }
  if (Array.isArray(value)) {
    const parts = value.map(poetryConstraint).filter(Boolean) as Array<{
      specifier: string;
      pinned: boolean;
    }>;
    if (parts.length === 0) return undefined;
    return {
      specifier: parts.map(p => p.specifier).join(' | '),
      pinned: parts.every(p => p.pinned),
    };
  }
  if (isTable(value)) {
    if (typeof value.path === 'string') return undefined;
    if (typeof value.git === 'string') {
      const rev = [value.rev, value.tag, value.ref].find(
        r => typeof r === 'string',
      ) as string | undefined;
      return {
        specifier: `@ ${value.git}${rev ? `@${rev}` : ''}`,
        pinned: isFixedRef(rev),
      };
    }
    if (typeof value.url === 'string') {
      return {
        specifier: `@ ${value.url}`,
        pinned: isPinnedRequirementUrl(value.url),
      };
    }
    if (value.version !== undefined) return poetryConstraint(value.version);
    return { specifier: '', pinned: false };
  }
  return undefined;
}

/** A TOML file's top table; a syntax error is a problem. */
function readToml(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): Table | undefined {
  try {
    return parseToml(text) as Table;
  } catch (error) {
    problems.push(tomlProblem(path, error));
    return undefined;
  }
}

/** The requirements of a TOML table of `name = constraint` entries (Poetry's dependencies, a Pipfile's packages). */
function tableRequirements(
  lines: string[],
  sectionName: string,
  table: Table,
): RequirementFacts[] {
  const section = sectionLine(lines, sectionName);
  const found: RequirementFacts[] = [];
  for (const [name, value] of Object.entries(table)) {
    if (!isInstallableName(name)) continue;
    const constraint = poetryConstraint(value);
    if (!constraint) continue;
    found.push({ name, ...constraint, line: keyLine(lines, section, name) });
  }
  return found;
}

/** A TOML manifest: its requirements, or a problem when it does not parse. */
function parseTomlManifest(
  path: string,
  text: string,
  problems: EvidenceProblem[],
  kind: DependencyManifestFacts['kind'],
  requirementsOf: (data: Table, lines: string[]) => RequirementFacts[],
  emptyListLine: (data: Table, lines: string[]) => number | undefined | false,
): DependencyManifestFacts | undefined {
  const data = readToml(path, text, problems);
  if (!data) return undefined;
  const lines = text.split(/\r?\n/);
  const requirements = requirementsOf(data, lines);
  const manifest: DependencyManifestFacts = {
    path,
    kind,
    requirements,
    includes: [],
  };
  const line = requirements.length === 0 ? emptyListLine(data, lines) : false;
  if (line !== false) manifest.declaresNoDependencies = line ? { line } : {};
  return manifest;
}

/** A line number, or undefined for 0 (not found). */
function lineIfFound(line: number): number | undefined {
  return line > 0 ? line : undefined;
}

/** PEP 621 `[project] dependencies` and Poetry's `[tool.poetry.dependencies]`. */
function pyprojectRequirements(
  data: Table,
  lines: string[],
): RequirementFacts[] {
  const requirements: RequirementFacts[] = [];
  const project = isTable(data.project) ? data.project : undefined;
  if (project && Array.isArray(project.dependencies)) {
    const section = sectionLine(lines, 'project');
    const start = keyLine(lines, section, 'dependencies') ?? section;
    for (const entry of project.dependencies) {
      if (typeof entry !== 'string') continue;
      const parsed = parseRequirementSpec(entry);
      if (!parsed || !isInstallableName(parsed.name)) continue;
      requirements.push({
        ...parsed,
        line: stringLine(lines, Math.max(start - 1, 0), entry) ?? start,
      });
    }
  }
  const tool = isTable(data.tool) ? data.tool : undefined;
  const poetry = tool && isTable(tool.poetry) ? tool.poetry : undefined;
  if (poetry && isTable(poetry.dependencies)) {
    requirements.push(
      ...tableRequirements(
        lines,
        'tool.poetry.dependencies',
        poetry.dependencies,
      ),
    );
  }
  return requirements;
}

export function parsePyproject(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): DependencyManifestFacts | undefined {
  return parseTomlManifest(
    path,
    text,
    problems,
    'pyproject',
    pyprojectRequirements,
    (data, lines) => {
      if (!pyprojectDeclaresNoDependencies(data)) return false;
      const project = sectionLine(lines, 'project');
      return project > 0
        ? keyLine(lines, project, 'dependencies') ?? project
        : undefined;
    },
  );
}

export function parsePipfile(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): DependencyManifestFacts | undefined {
  return parseTomlManifest(
    path,
    text,
    problems,
    'pipfile',
    (data, lines) =>
      isTable(data.packages)
        ? tableRequirements(lines, 'packages', data.packages)
        : [],
    (data, lines) =>
      pipfileDeclaresNoDependencies(data) &&
      lineIfFound(sectionLine(lines, 'packages')),
  );
}

/**
 * conda `environment.yml`: `pkg=1.2.3`, `pkg==1.2.3` and `pkg=1.2.3=build`
 * pin (conda's `=` is what teams use to pin; a `*` wildcard does not);
 * the `pip:` subsection holds pip requirement lines.
 */
export function parseCondaEnvironment(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): DependencyManifestFacts | undefined {
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep) {
    problems.push({ path, message: tooDeep });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = withoutStackTraces(() =>
    // prettyErrors quotes the line of every error: quadratic on a file of
    // thousands of errors (the line is reported from linePos anyway).
    parseDocument(text, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
    }),
  );
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    problems.push({
      path,
      line: error.linePos?.[0]?.line,
      message: `invalid YAML: ${problemMessage(error)}`,
    });
    return undefined;
  }
  try {
    doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({ path, message: `YAML rejected: ${problemMessage(error)}` });
    return undefined;
  }
  const lineOf = (node: { range?: [number, number, number] | null }) =>
    node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const requirements: RequirementFacts[] = [];
  const root = doc.contents;
  const deps = isMap(root) ? root.get('dependencies', true) : undefined;
  if (!isSeq(deps)) {
    return { path, kind: 'conda-environment', requirements, includes: [] };
  }
  for (const item of deps.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const spec = item.value.trim().replace(/^[\w.-]+::/, '');
      const match = /^([A-Za-z0-9][\w.-]*)(?![\w.-])\s*(?!\s)(.*)$/.exec(spec);
      // `pip` itself is tooling listed to enable the pip: subsection.
      if (!match || !isInstallableName(match[1]) || match[1] === 'pip')
        continue;
      const version = match[2].trim();
      const pinned =
        !version.includes('*') &&
        (/^={1,2}\s*[\w.+!-]+(=[\w.*+-]+)?$/.test(version) ||
          /^\d[\w.+!-]*$/.test(version));
      requirements.push({
        name: match[1],
        specifier: version,
        pinned,
        line: lineOf(item),
      });
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) continue;
      for (const pipItem of pip.items) {
        if (!isScalar(pipItem) || typeof pipItem.value !== 'string') continue;
        const parsed = parseRequirementSpec(pipItem.value);
        if (!parsed || !isInstallableName(parsed.name)) continue;
        requirements.push({ ...parsed, line: lineOf(pipItem) });
      }
    }
  }
  return { path, kind: 'conda-environment', requirements, includes: [] };
}

/** Index of the `]` closing a list that starts at `start`, skipping strings. */
function closingBracket(text: string, start: number): number {
  let depth = 1;
  let quote: string | undefined;
  const limit = Math.min(text.length, start + 50000);
  for (let i = start; i < limit; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return limit;
}

/** `install_requires=[…]` in setup.py, by regex (no Python evaluation). */
export function parseSetupPy(
  path: string,
  text: string,
): DependencyManifestFacts {
  const requirements: RequirementFacts[] = [];
  const index = new LineIndex(text);
  const block = /install_requires\s*=\s*\[/.exec(text);
  if (block) {
    const start = block.index + block[0].length;
    const body = text.slice(start, closingBracket(text, start));
    const literal = /(["'])([^"'\n]+)\1/g;
    for (const match of body.matchAll(literal)) {
      const parsed = parseRequirementSpec(match[2]);
      if (!parsed || !isInstallableName(parsed.name)) continue;
      requirements.push({
        ...parsed,
        line: index.lineOf(start + match.index!),
      });
    }
  }
  return { path, kind: 'setup-py', requirements, includes: [] };
}

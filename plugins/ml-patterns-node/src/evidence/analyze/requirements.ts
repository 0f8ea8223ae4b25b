import {
  DependencyManifestFacts,
  EvidenceProblem,
  LockfileFacts,
  RequirementFacts,
} from '../types';
import { baseName, dirName, joinPath } from './paths';
import { isPinnedRequirementUrl } from './dependencies/urlPins';

/**
 * pip requirement files, parsed by a small careful line parser (the format
 * is line-based and simple; see pip's "Requirements File Format"): pins,
 * ranges, includes, comments, markers, hashes, extras, URLs and `-e`.
 */

/** Names that are not installable packages (`python==3.8` in a requirements file). */
const NOT_PACKAGES = new Set(['python', 'python3']);

/** Options that stand alone on a line and say nothing about a package. */
const GLOBAL_OPTION =
  /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--no-binary|--only-binary|--prefer-binary|--pre|--trusted-host|--require-hashes|--use-feature|--use-pep517|--no-build-isolation|--progress-bar|--upgrade|-U|--user|--no-deps)\b/;

export interface ParsedRequirement {
  name: string;
  specifier: string;
  pinned: boolean;
}

/** True for an `isRequirementsFile` name: `requirements*.txt`, `requirement.in`, `requirements/*.txt`. */
export function isRequirementsFile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (/requirement.*\.(txt|in)$/.test(name)) return true;
  if (/^constraints.*\.txt$/.test(name)) return true;
  const dir = baseName(dirName(path)).toLowerCase();
  return (
    (dir === 'requirements' || dir === 'requirement') && name.endsWith('.txt')
  );
}

/** Is a version specifier (PEP 440) exactly one version? */
export function isPinnedSpecifier(specifier: string): boolean {
  const clauses = specifier
    .replace(/[()]/g, '')
    .split(',')
    .map(c => c.trim())
    .filter(Boolean);
  return clauses.some(
    clause =>
      clause.startsWith('===') ||
      (clause.startsWith('==') && !clause.includes('*')),
  );
}

/**
 * Where the environment marker of a URL requirement starts: the first
 * blank run ending in `;` or `;` followed by a blank (where
 * `/\s+;\s*|\s+;|;\s+/` splits, in one pass: the regular expression
 * rescans a blank run from each of its characters).
 */
function markerStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) {
      let end = i;
      while (end < text.length && /\s/.test(text[end])) end++;
      if (text[end] === ';') return i;
      i = end - 1;
    } else if (text[i] === ';' && /\s/.test(text[i + 1] ?? '')) {
      return i;
    }
  }
  return text.length;
}

/**
 * Parses one PEP 508 requirement (`name[extra] >=1,<2 ; marker` or
 * `name @ url`); `undefined` when it is not one (local paths, junk).
 */
export function parseRequirementSpec(
  raw: string,
): ParsedRequirement | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:)/i.test(text)) {
    return parseUrlRequirement(text);
  }
  const match =
    /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/s.exec(
      text,
    );
  if (!match) return undefined;
  const name = match[1];
  let rest = match[3].trim();
  if (rest.startsWith('@')) {
    const target = rest.slice(1).trim();
    const url = target.slice(0, markerStart(target)).trim();
    return { name, specifier: `@ ${url}`, pinned: isPinnedUrl(url) };
  }
  const marker = rest.indexOf(';');
  if (marker >= 0) rest = rest.slice(0, marker).trim();
  if (rest && !/^[(]?\s*(===|==|!=|~=|>=|<=|>|<)/.test(rest)) return undefined;
  const specifier = rest.replace(/\s+/g, '');
  return { name, specifier, pinned: isPinnedSpecifier(specifier) };
}

/** A URL at a commit, a release tag or a versioned release artifact is pinned; a branch is not. */
function isPinnedUrl(url: string): boolean {
  return isPinnedRequirementUrl(url);
}

function parseUrlRequirement(url: string): ParsedRequirement | undefined {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url);
  let name = egg?.[1];
  if (!name) {
    const file = baseName(url.split(/[#?]/)[0]);
    const wheel = /^([A-Za-z0-9._]+?)-\d/.exec(file);
    name = wheel?.[1] ?? file.replace(/\.git$/, '');
  }
  if (!name) return undefined;
  return { name, specifier: `@ ${url}`, pinned: isPinnedUrl(url) };
}

/** Joins `\` continuations and strips comments; yields logical lines with their first line number. */
function* logicalLines(
  text: string,
): Generator<{ text: string; line: number }> {
  const lines = text.split(/\r?\n/);
  let buffer = '';
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    // A comment starts at `#` at the beginning or after whitespace.
    const comment = /(^|\s)#/.exec(line);
    if (comment) line = line.slice(0, comment.index);
    if (buffer === '') start = i + 1;
    if (/\\\s*$/.test(line)) {
      buffer += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    buffer += line;
    if (buffer.trim()) yield { text: buffer.trim(), line: start };
    buffer = '';
  }
  if (buffer.trim()) yield { text: buffer.trim(), line: start };
}

/** Was this file compiled by pip-compile / uv (every line pinned, a lockfile)? */
export function compiledRequirementsLockfile(
  path: string,
  text: string,
): LockfileFacts | undefined {
  const head = text.slice(0, 2000);
  if (
    /#\s*This file (is|was) autogenerated by (pip-compile|uv)/i.test(head) ||
    /#\s*generated by rye/i.test(head)
  ) {
    return { path, kind: 'requirements-compiled' };
  }
  return undefined;
}

/**
 * Parses a requirements file. Local paths (`-e .`, `./pkg`) are the
 * project itself, not a third-party requirement, and are skipped.
 */
export function parseRequirementsFile(
  path: string,
  text: string,
  problems: EvidenceProblem[],
  kind: DependencyManifestFacts['kind'] = 'requirements',
): DependencyManifestFacts {
  const requirements: RequirementFacts[] = [];
  const includes: string[] = [];
  let unparsable = 0;
  for (const { text: lineText, line } of logicalLines(text)) {
    const include =
      /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)/.exec(
        lineText,
      );
    if (include) {
      includes.push(joinPath(dirName(path), include[2]) ?? include[2]);
      continue;
    }
    if (GLOBAL_OPTION.test(lineText)) continue;
    let spec = lineText;
    const editable = /^(-e|--editable)(?:\s*=\s*|\s+)(?!\s)(.*)$/.exec(spec);
    if (editable) spec = editable[1] ? editable[2] : spec;
    // Per-requirement options (--hash, --config-settings, …) follow the spec.
    spec = spec.replace(/\s--?[a-z][\w-]*(=\S*|\s+(?!-)\S+)?/gi, ' ').trim();
    if (spec.startsWith('-')) continue;
    if (/^(\.{1,2}\/|\/|\.$|[\w.-]+\/$)/.test(spec)) continue;
    const parsed = parseRequirementSpec(spec);
    if (!parsed) {
      if (unparsable++ < 20) {
        problems.push({
          path,
          line,
          message: `not a requirement: ${spec.slice(0, 80)}`,
        });
      }
      continue;
    }
    if (NOT_PACKAGES.has(parsed.name.toLowerCase())) continue;
    requirements.push({ ...parsed, line });
  }
  return { path, kind, requirements, includes };
}

export function isInstallableName(name: string): boolean {
  return !NOT_PACKAGES.has(name.toLowerCase());
}

import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { EvidenceProblem } from '../types';
import { sharedParse } from './sharedParses';
import { problemMessage } from './text';
import { withoutStackTraces } from './withoutStackTraces';
import { yamlNestingProblem } from './yamlNesting';

/**
 * Safe multi-document YAML reading with line numbers. Aliases are bounded
 * (`maxAliasCount`), errors are per document, and Helm templating is
 * neutralised line by line so that a chart's templates can be read
 * best-effort instead of failing as a whole.
 */

const MAX_DOCUMENTS = 2000;
const MAX_ALIAS_COUNT = 100;
/** Stand-in for a `{{ … }}` Helm expression inside a value. */
export const TEMPLATE_PLACEHOLDER = 'HELM_TEMPLATE';

/**
 * What can make a parsed document fail as JavaScript data: aliases (`*a`,
 * their count is capped), merge keys (`<<`), tags (`!!omap`) and
 * directives (`%YAML 1.1`). A text with none of them is not converted
 * (the conversion is the cost, and its result is not used).
 */
const MAY_REJECT_AS_JS = /[*!%]|<</;

export interface YamlDocument {
  doc: Document.Parsed;
  root: unknown;
  /** 1-based line of the document's first content. */
  line: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  lineOf(node: unknown): number | undefined;
  templated: boolean;
}

/**
 * The `{{ … }}` actions of a text, as `[start, end)` pairs: from each `{{`
 * to the first `}}` after it (what `/\{\{[\s\S]*?\}\}/g` finds), by
 * `indexOf` so that unclosed `{{` cost one scan, not one per `{{`.
 */
export function templateActions(text: string): Array<[number, number]> {
  const actions: Array<[number, number]> = [];
  for (let from = 0; ; ) {
    const start = text.indexOf('{{', from);
    if (start < 0) break;
    const close = text.indexOf('}}', start + 2);
    // No `}}` after this `{{`: none after a later one either.
    if (close < 0) break;
    actions.push([start, close + 2]);
    from = close + 2;
  }
  return actions;
}

/** Characters `.` does not match: a one-line action cannot span them. */
const LINE_TERMINATORS = /[\r\u2028\u2029]/;

/** The one-line actions of a line (`/\{\{.*?\}\}/g`). */
function lineActions(line: string): Array<[number, number]> {
  if (!LINE_TERMINATORS.test(line)) return templateActions(line);
  const actions: Array<[number, number]> = [];
  let offset = 0;
  for (const segment of line.split(LINE_TERMINATORS)) {
    for (const [start, end] of templateActions(segment))
      actions.push([offset + start, offset + end]);
    offset += segment.length + 1;
  }
  return actions;
}

/** The line with each action replaced by `by`. */
function replaceActions(
  line: string,
  actions: Array<[number, number]>,
  by: string,
): string {
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of actions) {
    parts.push(line.slice(last, start), by);
    last = end;
  }
  parts.push(line.slice(last));
  return parts.join('');
}

/**
 * Blanks Helm/Go template actions while keeping line numbers: a line that is
 * only template actions (`{{- if … }}`, `{{ include … | nindent 4 }}`) is
 * emptied; an action inside a value becomes a placeholder string. Linear in
 * the text (a values file full of unclosed `{{` is read in one pass).
 */
export function neutraliseTemplates(text: string): string {
  if (!text.includes('{{')) return text;
  // Multi-line actions/comments: keep the newlines so lines stay aligned.
  const flattened: string[] = [];
  let last = 0;
  for (const [start, end] of templateActions(text)) {
    const action = text.slice(start, end);
    flattened.push(
      text.slice(last, start),
      action.includes('\n')
        ? action.replace(/[^\n]/g, ' ')
        : `{{${action.slice(2, -2).replace(/\{|\}/g, ' ')}}}`,
    );
    last = end;
  }
  flattened.push(text.slice(last));
  return flattened
    .join('')
    .split('\n')
    .map(line => {
      if (!line.includes('{{')) return line;
      const actions = lineActions(line);
      if (replaceActions(line, actions, '').trim() === '') return '';
      return replaceActions(line, actions, TEMPLATE_PLACEHOLDER);
    })
    .join('\n');
}

export function parseYamlDocuments(
  path: string,
  text: string,
  problems: EvidenceProblem[],
  options: {
    /** `{{ … }}` is not Helm (GitHub Actions' `${{ … }}` expressions): kept as written. */
    keepBraces?: boolean;
  } = {},
): ParsedYaml {
  // A file several analyzers read (a chart's values, a compose or bentofile) is parsed once.
  return sharedParse(
    options.keepBraces ? 'yaml-keep-braces' : 'yaml',
    text,
    path,
    problems,
    own => readYamlDocuments(path, text, own, options),
  );
}

function readYamlDocuments(
  path: string,
  text: string,
  problems: EvidenceProblem[],
  options: { keepBraces?: boolean },
): ParsedYaml {
  const templated = !options.keepBraces && text.includes('{{');
  const source = templated ? neutraliseTemplates(text) : text;
  const lineCounter = new LineCounter();
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] | null })?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const documents: YamlDocument[] = [];
  const tooDeep = yamlNestingProblem(source);
  if (tooDeep) {
    problems.push({ path, message: tooDeep });
    return { documents, lineOf, templated };
  }
  let all: Document.Parsed[];
  try {
    all = withoutStackTraces(() =>
      parseAllDocuments(source, {
        lineCounter,
        uniqueKeys: false,
        prettyErrors: false,
      }),
    ) as Document.Parsed[];
    if (!Array.isArray(all)) all = [];
  } catch (error) {
    problems.push({ path, message: `invalid YAML: ${problemMessage(error)}` });
    return { documents, lineOf, templated };
  }
  if (all.length > MAX_DOCUMENTS) {
    problems.push({
      path,
      message: `more than ${MAX_DOCUMENTS} YAML documents; only the first ${MAX_DOCUMENTS} are read`,
    });
  }
  const mayRejectAsJs = MAY_REJECT_AS_JS.test(source);
  for (const doc of all.slice(0, MAX_DOCUMENTS)) {
    const line = lineOf(doc.contents) ?? 1;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      problems.push({
        path,
        line: error.linePos?.[0]?.line ?? line,
        message: `invalid YAML${
          templated ? ' (Helm template, read best-effort)' : ''
        }: ${problemMessage(error)}`,
      });
      continue;
    }
    try {
      // Expanding aliases here is what bounds alias bombs.
      if (mayRejectAsJs) doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({
        path,
        line,
        message: `YAML rejected: ${problemMessage(error)}`,
      });
      continue;
    }
    documents.push({ doc, root: doc.contents, line });
  }
  return { documents, lineOf, templated };
}

/** Follows aliases (safe: the document passed `toJS` with an alias cap). */
function deref(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) {
    current = current.resolve(doc);
  }
  return current;
}

/** Node navigation that never throws. */
export class YamlNav {
  constructor(private readonly doc: Document.Parsed) {}

  get(node: unknown, ...keys: Array<string | number>): unknown {
    let current = deref(this.doc, node);
    for (const key of keys) {
      if (isMap(current)) {
        current = deref(this.doc, (current as YAMLMap).get(key, true));
      } else if (isSeq(current) && typeof key === 'number') {
        current = deref(this.doc, (current as YAMLSeq).items[key]);
      } else {
        return undefined;
      }
    }
    return current;
  }

  /** Scalar value as a string (numbers and booleans converted). */
  str(node: unknown, ...keys: Array<string | number>): string | undefined {
    const value = this.get(node, ...keys);
    if (!isScalar(value) || value.value === null || value.value === undefined) {
      return undefined;
    }
    const v = value.value;
    return typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean'
      ? String(v)
      : undefined;
  }

  items(node: unknown, ...keys: Array<string | number>): unknown[] {
    const value = this.get(node, ...keys);
    return isSeq(value) ? value.items.map(item => deref(this.doc, item)) : [];
  }

  entries(
    node: unknown,
    ...keys: Array<string | number>
  ): Array<[string, unknown, unknown]> {
    const value = this.get(node, ...keys);
    if (!isMap(value)) return [];
    const result: Array<[string, unknown, unknown]> = [];
    for (const pair of (value as YAMLMap).items) {
      const key = deref(this.doc, pair.key);
      if (!isScalar(key)) continue;
      result.push([String(key.value), deref(this.doc, pair.value), key]);
    }
    return result;
  }

  /** Strings of a sequence, or a single string split on whitespace for `command: "a b"`. */
  strings(node: unknown, ...keys: Array<string | number>): string[] {
    const value = this.get(node, ...keys);
    if (isSeq(value)) {
      return value.items
        .map(item => deref(this.doc, item))
        .filter(isScalar)
        .map(item => String((item as { value: unknown }).value ?? ''));
    }
    const single = this.str(value);
    return single === undefined ? [] : [single];
  }

  isMap(node: unknown): boolean {
    return isMap(deref(this.doc, node));
  }
}

/**
 * The navigator and root of a file holding exactly one YAML document, as
 * CI configurations and environment files do; undefined for none or several.
 */
export function singleYamlDocument(
  parsed: ParsedYaml,
): { nav: YamlNav; root: unknown } | undefined {
  if (parsed.documents.length !== 1) return undefined;
  const { doc, root } = parsed.documents[0];
  return { nav: new YamlNav(doc), root };
}

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
import { errorMessage } from './text';

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
 * Blanks Helm/Go template actions while keeping line numbers: a line that is
 * only template actions (`{{- if … }}`, `{{ include … | nindent 4 }}`) is
 * emptied; an action inside a value becomes a placeholder string.
 */
export function neutraliseTemplates(text: string): string {
  if (!text.includes('{{')) return text;
  // Multi-line actions/comments: keep the newlines so lines stay aligned.
  const flattened = text.replace(/\{\{[\s\S]*?\}\}/g, action =>
    action.includes('\n')
      ? action.replace(/[^\n]/g, ' ')
      : `{{${action.slice(2, -2).replace(/\{|\}/g, ' ')}}}`,
  );
  return flattened
    .split('\n')
    .map(line => {
      const withoutActions = line.replace(/\{\{.*?\}\}/g, '').trim();
      if (withoutActions === '' && line.includes('{{')) return '';
      return line.replace(/\{\{.*?\}\}/g, TEMPLATE_PLACEHOLDER);
    })
    .join('\n');
}

export function parseYamlDocuments(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): ParsedYaml {
  const templated = text.includes('{{');
  const source = templated ? neutraliseTemplates(text) : text;
  const lineCounter = new LineCounter();
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] | null })?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const documents: YamlDocument[] = [];
  let all: Document.Parsed[];
  try {
    all = parseAllDocuments(source, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
    }) as Document.Parsed[];
    if (!Array.isArray(all)) all = [];
  } catch (error) {
    problems.push({ path, message: `invalid YAML: ${errorMessage(error)}` });
    return { documents, lineOf, templated };
  }
  if (all.length > MAX_DOCUMENTS) {
    problems.push({
      path,
      message: `more than ${MAX_DOCUMENTS} YAML documents; only the first ${MAX_DOCUMENTS} are read`,
    });
  }
  for (const doc of all.slice(0, MAX_DOCUMENTS)) {
    const line = lineOf(doc.contents) ?? 1;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      problems.push({
        path,
        line: error.linePos?.[0]?.line ?? line,
        message: `invalid YAML${
          templated ? ' (Helm template, read best-effort)' : ''
        }: ${errorMessage(error)}`,
      });
      continue;
    }
    try {
      // Expanding aliases here is what bounds alias bombs.
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({
        path,
        line,
        message: `YAML rejected: ${errorMessage(error)}`,
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

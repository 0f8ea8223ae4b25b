import { isMap, isScalar, isSeq } from 'yaml';
import { EvidenceProblem } from '../../types';
import { ancestorsOf } from '../paths';
import { parseYamlDocuments } from '../yamlDocuments';
import { ValuesLookup } from './helmConditions';

/**
 * The value a Helm template expression takes from the chart's
 * `values.yaml`: `.Values.a.b` by its path; a field of a range variable
 * (`$modelSpec.modelURL`, `.modelURL`) by the first value of that key in
 * the values file. Best effort — the chart's default values, not a render.
 */

export interface HelmValue {
  path: string;
  line: number;
  key: string;
  value: string;
}

/** The chart folder of a template: the nearest folder above with a Chart.yaml. */
export function chartFolderOf(
  templatePath: string,
  hasFile: (path: string) => boolean,
): string | undefined {
  return ancestorsOf(templatePath)
    .reverse()
    .find(dir => hasFile(dir ? `${dir}/Chart.yaml` : 'Chart.yaml'));
}

/** The value reference of the first `{{ … }}` action on a line, as key segments. */
export function templateReference(line: string): string[] | undefined {
  const start = line.indexOf('{{');
  if (start < 0) return undefined;
  const end = line.indexOf('}}', start + 2);
  const action = line.slice(start + 2, end < 0 ? undefined : end);
  for (const word of action.split(/[\s()|]+/)) {
    const ref = /^(?:\$[A-Za-z_]\w*)?\.[A-Za-z_][\w.]*$/.exec(word)?.[0];
    if (ref === undefined) continue;
    const segments = ref
      .replace(/^\$\w*/, '')
      .split('.')
      .filter(Boolean);
    if (segments.length > 0) return segments;
  }
  return undefined;
}

interface Found {
  node: unknown;
}

function findKey(node: unknown, key: string, depth: number): Found | undefined {
  if (depth > 20) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (
        isScalar(pair.key) &&
        String(pair.key.value) === key &&
        isScalar(pair.value)
      )
        return { node: pair.value };
    }
    for (const pair of node.items) {
      const found = findKey(pair.value, key, depth + 1);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = findKey(item, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** Looks a template reference up in a chart's values file. */
export function lookUpValue(
  valuesPath: string,
  valuesText: string,
  reference: string[],
): HelmValue | undefined {
  // Parsed with the analyzers' guards (nesting, aliases); problems are the values file's own.
  const parsed = parseYamlDocuments(valuesPath, valuesText, []);
  const doc = parsed.documents[0]?.doc;
  if (!doc) return undefined;
  let node: unknown;
  if (reference[0] === 'Values') {
    node = doc.getIn(reference.slice(1), true);
  } else {
    node = findKey(doc.contents, reference[reference.length - 1], 0)?.node;
  }
  if (!isScalar(node) || node.value === null || node.value === undefined)
    return undefined;
  const value = String(node.value);
  if (value === '') return undefined;
  return {
    path: valuesPath,
    line: parsed.lineOf(node) ?? 1,
    key: reference.join('.'),
    value,
  };
}

/**
 * `.Values.a.b` read from a chart's values file for a template's
 * conditions: a key missing under a map that is there is unset (nil); a
 * key under a missing map makes the render fail with the defaults, so
 * the defaults cannot tell.
 */
export function chartValuesLookup(
  valuesPath: string,
  valuesText: string | undefined,
): ValuesLookup {
  if (valuesText === undefined) return () => ({ found: false });
  const problems: EvidenceProblem[] = [];
  const parsed = parseYamlDocuments(valuesPath, valuesText, problems);
  // Values that cannot be read tell nothing (not that every key is unset).
  if (problems.length > 0) return () => ({ found: false });
  const root = parsed.documents[0]?.root;
  return keys => {
    // An empty values file is an empty map.
    let node: unknown = root;
    for (let i = 0; i < keys.length; i++) {
      if (node !== null && node !== undefined && !isMap(node))
        return { found: false };
      const next: unknown = isMap(node) ? node.get(keys[i], true) : undefined;
      if (next === undefined || next === null)
        return i === keys.length - 1
          ? { found: true, value: null }
          : { found: false };
      node = next;
    }
    const line = parsed.lineOf(node);
    if (isScalar(node)) return { found: true, value: node.value, line };
    if (isMap(node) || isSeq(node))
      return { found: true, value: node.toJSON(), line };
    return { found: false };
  };
}

import { baseName } from './paths';
import { DataReference } from './codeReview';
import { ParsedYaml, YamlNav } from './yamlDocuments';

/**
 * Declared data: DVC files (`dvc.yaml`, `dvc.lock`, `*.dvc`, `.dvc/config`),
 * a Kedro data catalog (`conf/<env>/catalog.yml`), and a top-level
 * `datasets:` block in a YAML configuration.
 */

export function dvcReference(
  path: string,
  text: string | undefined,
): DataReference {
  const name = baseName(path);
  if (name === 'dvc.yaml') return { path, line: 1, note: 'DVC pipeline' };
  if (name === 'dvc.lock') return { path, line: 1, note: 'DVC pipeline lock' };
  if (path.endsWith('.dvc/config')) {
    const remote = text
      ? // Blanks of one line before `[` (`\s*` would rescan blank lines from each line start).
        /^[^\S\n\r\u2028\u2029]*\[\s*['"]?remote\s+"?([^"'\]]+)/m.exec(text)
      : null;
    return {
      path,
      line: 1,
      note: remote ? `DVC remote ${remote[1]}` : 'DVC configuration',
    };
  }
  let line = 1;
  let out: string | undefined;
  if (text) {
    const lines = text.split(/\r?\n/);
    // `(?:-\s*)?`, not `-?\s*`: two blank runs in a row backtrack quadratically.
    const index = lines.findIndex(l => /^\s*(?:-\s*)?path:\s*\S/.test(l));
    if (index >= 0) {
      line = index + 1;
      out = lines[index].replace(/^\s*(?:-\s*)?path:\s*/, '').trim();
    }
  }
  return { path, line, note: `DVC-tracked data${out ? `: ${out}` : ''}` };
}

const DATA_FILE =
  /\.(csv|tsv|parquet|jsonl|ndjson|feather|arrow|avro|orc|tfrecord)$/i;

/**
 * A tabular/record data file committed to the repository (not under test
 * fixtures, which are not training or evaluation data).
 */
export function isCommittedDataFile(path: string): boolean {
  return (
    DATA_FILE.test(path) && !/(^|\/)(tests?|__fixtures__|fixtures)\//.test(path)
  );
}

export function isKedroCatalog(path: string): boolean {
  return /(^|\/)conf\/[^/]+\/catalog[^/]*\.ya?ml$/.test(path);
}

/** Data declared in YAML configuration (Kedro catalog, `datasets:` block). */
export function yamlDataReferences(
  path: string,
  parsed: ParsedYaml,
): DataReference[] {
  const first = parsed.documents[0];
  if (!first) return [];
  const nav = new YamlNav(first.doc);
  if (isKedroCatalog(path)) {
    const entries = nav
      .entries(first.root)
      .filter(([, value]) => nav.str(value, 'type') !== undefined);
    if (entries.length > 0) {
      return [
        {
          path,
          line: parsed.lineOf(entries[0][2]) ?? 1,
          note: `Kedro data catalog (${entries.length} datasets)`,
        },
      ];
    }
    return [];
  }
  for (const [key, value, keyNode] of nav.entries(first.root)) {
    if (key !== 'datasets' && key !== 'dataset') continue;
    const count = nav.items(value).length || nav.entries(value).length;
    if (count > 0 || nav.str(value)) {
      return [
        {
          path,
          line: parsed.lineOf(keyNode) ?? 1,
          note: `${key} declared in configuration`,
        },
      ];
    }
  }
  return [];
}

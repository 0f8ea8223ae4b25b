import { EvidenceProblem } from '../../types';
import { dirName, extensionOf } from '../paths';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * Azure Machine Learning deploys a scoring script as a web service: its
 * inference server imports the entry script a deployment names and calls
 * the script's `init()` once when it starts and `run(data)` per request.
 * The script is named by an inference configuration (`entryScript`, with
 * `sourceDirectory`) or an online deployment (`code_configuration:
 * {code, scoring_script}`).
 */

/** The launcher of a process Azure ML's inference server starts. */
export const AZURE_ML_RUNTIME = 'azureml-inference-server';

/** The functions of an entry script the inference server calls. */
export const AZURE_ML_CALLS: readonly string[] = ['init', 'run'];

export interface EntryScript {
  /** The configuration naming the script, and the line naming it. */
  path: string;
  line: number;
  /** The script as written (`score.py`, `/scripts/score.py`). */
  script: string;
  /** The folder it is looked for from. */
  near: string;
}

const YAML_EXTENSIONS = new Set(['.yml', '.yaml']);

/** Cheap test before parsing: the file names an entry script at all. */
const ENTRY_KEY = /\b(?:entryScript|scoring_script)\b/;

/** `a/b` + `../c` → `a/c`; a path leaving the tree is read from the tree's root. */
export function joinFolder(base: string, relative: string | undefined): string {
  const parts = base ? base.split('/') : [];
  for (const part of (relative ?? '').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The entry scripts the Azure ML deployments of a tree name. */
export function azureMlEntryScripts(
  files: Iterable<string>,
  textOf: (path: string) => string | undefined,
): EntryScript[] {
  const found: EntryScript[] = [];
  for (const path of files) {
    if (!YAML_EXTENSIONS.has(extensionOf(path))) continue;
    const text = textOf(path);
    if (text === undefined || !ENTRY_KEY.test(text)) continue;
    // Not a configuration this reads is left to the other YAML analyzers to report.
    const ignored: EvidenceProblem[] = [];
    const parsed = parseYamlDocuments(path, text, ignored);
    for (const { doc, root } of parsed.documents) {
      const nav = new YamlNav(doc);
      const v1 = nav.str(root, 'entryScript');
      const v2 = nav.str(root, 'code_configuration', 'scoring_script');
      const script = v1 ?? v2;
      if (!script) continue;
      const folder = v1
        ? nav.str(root, 'sourceDirectory')
        : nav.str(root, 'code_configuration', 'code');
      const node = v1
        ? nav.get(root, 'entryScript')
        : nav.get(root, 'code_configuration', 'scoring_script');
      found.push({
        path,
        line: parsed.lineOf(node) ?? 1,
        script,
        near: joinFolder(dirName(path), folder),
      });
    }
  }
  return found;
}

import type { SyntaxNode } from '@lezer/common';
import { WorkloadFacts } from '../../types';
import { PythonModule } from '../python/pythonModule';
import { childrenOf } from '../python/syntax';
import { KSERVE_FRAMEWORKS } from './kserve';
import { codeInferenceService } from './codeInferenceService';

/**
 * KServe InferenceServices that Python code writes out as a manifest
 * dict (`{"apiVersion": "serving.kserve.io/v1beta1", "kind":
 * "InferenceService", "spec": {"predictor": {"sklearn": {"storageUri":
 * …}}}}`), then dumps to YAML or sends to the cluster: the same
 * deployment as a manifest file, so it is read as one.
 */

const FRAMEWORKS = new Set<string>(KSERVE_FRAMEWORKS);

/** Dicts nested deeper than this are not read (bounded work on hostile input). */
const MAX_DEPTH = 12;

/** The key/value pairs of a dict literal (`**spread` entries skipped). */
function entriesOf(
  module: PythonModule,
  dict: SyntaxNode,
): Array<{ key: string; value: SyntaxNode }> {
  const children = childrenOf(dict);
  const entries: Array<{ key: string; value: SyntaxNode }> = [];
  for (let i = 1; i + 1 < children.length; i++) {
    if (children[i].name !== ':') continue;
    const key = module.syntax.stringValue(children[i - 1]);
    if (key !== undefined) entries.push({ key, value: children[i + 1] });
  }
  return entries;
}

function valueText(module: PythonModule, node: SyntaxNode): string {
  // An expression (an f-string, a variable) is named as written, bounded.
  return (
    module.syntax.stringValue(node) ?? module.syntax.textOf(node).slice(0, 120)
  );
}

/** The InferenceService a dict literal spells out, if it is one. */
function inferenceServiceOf(
  module: PythonModule,
  dict: SyntaxNode,
): WorkloadFacts | undefined {
  const top = entriesOf(module, dict);
  const kind = top.find(e => e.key === 'kind');
  if (!kind || module.syntax.stringValue(kind.value) !== 'InferenceService')
    return undefined;
  const path = module.path;
  let name: string | undefined;
  let storageUri: WorkloadFacts['storageUri'];
  let modelFormat: WorkloadFacts['modelFormat'];
  const visit = (node: SyntaxNode, parent: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const { key, value } of entriesOf(module, node)) {
      if (key === 'name' && parent === 'metadata' && name === undefined)
        name = valueText(module, value);
      if (key === 'storageUri' && !storageUri)
        storageUri = {
          path,
          line: module.syntax.lineOf(value),
          value: valueText(module, value),
        };
      if (parent === 'predictor' && FRAMEWORKS.has(key))
        modelFormat ??= { name: key };
      if (value.name === 'DictionaryExpression') visit(value, key, depth + 1);
    }
  };
  visit(dict, '', 0);
  return codeInferenceService(
    path,
    module.syntax.lineOf(dict),
    name,
    storageUri,
    modelFormat,
  );
}

/** The InferenceServices a module writes out as dict literals. */
export function kserveManifestDicts(module: PythonModule): WorkloadFacts[] {
  const found: WorkloadFacts[] = [];
  const cursor = module.syntax.tree.cursor();
  do {
    if (cursor.name !== 'DictionaryExpression') continue;
    const workload = inferenceServiceOf(module, cursor.node);
    if (workload) found.push(workload);
  } while (cursor.next());
  return found;
}

import type { SyntaxNode } from '@lezer/common';
import { dirName } from '../paths';
import { EntryScript, joinFolder } from './azureMlEntryScripts';
import type { CallInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';

/**
 * Azure ML deployments made from Python name their scoring script as the
 * YAML files do (`azureMlEntryScripts.ts`): the v1 SDK's
 * `InferenceConfig(entry_script=…, source_directory=…)` and the v2 SDK's
 * `CodeConfiguration(code=…, scoring_script=…)`. The script is looked for
 * in the folder named, relative to the deploying module's folder (where
 * such scripts are run from), or in that module's folder when none is.
 */

/** Cheap test before parsing: the module may name an entry script at all. */
const ENTRY_KEYWORD =
  /\b(?:entry_script|scoring_script|InferenceConfig|CodeConfiguration)\b/;

interface Signature {
  script: { name: string; index: number };
  folder: { name: string; index: number };
}

/** The configuration classes (by their last dotted part) and where their arguments go. */
const SIGNATURES: Record<string, Signature> = {
  InferenceConfig: {
    script: { name: 'entry_script', index: 0 },
    folder: { name: 'source_directory', index: 4 },
  },
  CodeConfiguration: {
    script: { name: 'scoring_script', index: 1 },
    folder: { name: 'code', index: 0 },
  },
};

/** A string argument: a literal, or a module-level name assigned one literal once. */
function stringOf(
  module: PythonModule,
  node: SyntaxNode | undefined,
): string | undefined {
  if (!node) return undefined;
  if (node.name === 'String') return module.syntax.stringValue(node);
  if (node.name !== 'VariableName') return undefined;
  const assignments = module.moduleAssignments(module.syntax.textOf(node));
  const value = assignments.length === 1 ? assignments[0].value : undefined;
  return value?.name === 'String'
    ? module.syntax.stringValue(value)
    : undefined;
}

/** Azure ML's SDKs: a positional argument is read only from a module importing one. */
const AZURE_ML_SDK = /^(?:azureml|azure\.ai\.ml)(?:\.|$)/;

function argument(
  call: CallInfo,
  param: { name: string; index: number },
  sdk: boolean,
): SyntaxNode | undefined {
  return (
    call.args.keyword.get(param.name) ??
    (sdk ? call.args.positional[param.index] : undefined)
  );
}

/** The entry scripts the Azure ML deployments of a project's Python modules name. */
export function azureMlPythonEntryScripts(
  project: PythonProject,
): EntryScript[] {
  const found: EntryScript[] = [];
  for (const path of project.mentioning(ENTRY_KEYWORD)) {
    const module = project.module(path);
    if (!module) continue;
    const sdk = module.imports.some(i => AZURE_ML_SDK.test(i.module));
    for (const call of module.calls) {
      const name = call.dotted?.split('.').pop();
      const signature = name === undefined ? undefined : SIGNATURES[name];
      if (!signature) continue;
      const scriptNode = argument(call, signature.script, sdk);
      const script = stringOf(module, scriptNode);
      if (!script || !scriptNode) continue;
      const folder = stringOf(module, argument(call, signature.folder, sdk));
      found.push({
        path,
        line: module.syntax.lineOf(scriptNode),
        script,
        near: joinFolder(dirName(path), folder),
      });
    }
  }
  return found;
}

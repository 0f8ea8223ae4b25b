import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';
import { canonicalCallee } from './canonicalCallee';
import { lazyArguments } from './loaderCatalog';

/**
 * A call saving an artifact under a name (`joblib.dump(model, path)`,
 * `bentoml.transformers.save_model(tag, pipe)`, `model.save_pretrained(dir)`):
 * what is loaded back by that name is the saved artifact.
 */
export interface SaverSpec {
  /** The argument naming where it is saved. */
  name?: SyntaxNode;
  /** The artifact saved (an argument, or the receiver of a method). */
  artifact?: SyntaxNode;
}

export function saverOf(
  project: PythonProject,
  module: PythonModule,
  call: CallInfo,
): SaverSpec | undefined {
  if (!call.dotted) return undefined;
  const canonical = canonicalCallee(project, module, call.dotted);
  const args = lazyArguments(call);
  if (/^bentoml\.(?:\w+\.)?save_model$/.test(canonical)) {
    return {
      name: args.keyword.get('name') ?? args.positional[0],
      artifact: args.keyword.get('model') ?? args.positional[1],
    };
  }
  if (
    /^(?:joblib\.dump|pickle\.dump|cloudpickle\.dump|dill\.dump|torch\.save|torch\.jit\.save)$/.test(
      canonical,
    ) ||
    /^mlflow\.\w+\.(?:save_model|log_model)$/.test(canonical)
  ) {
    return {
      name:
        args.keyword.get('path') ??
        args.keyword.get('filename') ??
        args.keyword.get('f') ??
        args.keyword.get('artifact_path') ??
        args.positional[1],
      artifact:
        args.keyword.get('value') ??
        args.keyword.get('obj') ??
        args.keyword.get('sk_model') ??
        args.keyword.get('pytorch_model') ??
        args.positional[0],
    };
  }
  if (/\.save_pretrained$/.test(call.dotted)) {
    return {
      name: args.keyword.get('save_directory') ?? args.positional[0],
      artifact: call.callee.firstChild ?? undefined,
    };
  }
  return undefined;
}

import type { FunctionInfo } from './moduleFacts';
import type { ParameterRef } from './value';

/**
 * Handlers a serving platform calls itself, with the folder it put the
 * model in when the container started: the SageMaker inference toolkit
 * (and the PyTorch, Hugging Face, TensorFlow and scikit-learn serving
 * containers built on it) calls a handler module's `model_fn(model_dir)`
 * with `/opt/ml/model`, where it unpacked the endpoint's model data.
 */
const HANDLERS: ReadonlyArray<{
  name: string;
  folder: string;
  platform: string;
}> = [{ name: 'model_fn', folder: '/opt/ml/model', platform: 'SageMaker' }];

/** The platform handler a function is (a module-level function of the handler's name). */
function handlerOf(fn: FunctionInfo | undefined) {
  if (!fn || fn.owner || fn.parent || fn.params.length === 0) return undefined;
  return HANDLERS.find(handler => handler.name === fn.name);
}

/** Whether the platform calls this function (its loads run when the server starts). */
export function isPlatformHandler(fn: FunctionInfo | undefined): boolean {
  return handlerOf(fn) !== undefined;
}

/**
 * The folder the platform passes for a parameter, when it is the model
 * folder parameter (the first) of a platform handler.
 */
export function platformFolderOf(ref: ParameterRef): string | undefined {
  const handler = handlerOf(ref.fn);
  return handler && ref.fn.params[0] === ref.param ? handler.folder : undefined;
}

import { CallInfo, FunctionInfo } from './moduleFacts';
import { PythonModule } from './pythonModule';
import { PythonProject } from './pythonProject';
import { dottedName } from './syntax';

/**
 * FastAPI dependencies: `def predict(model=Depends(get_model))` (or
 * `Annotated[Model, Depends(get_model)]`) has FastAPI call `get_model`
 * each time `predict` is called, not when the server starts: the
 * function whose parameters ask for the provider is the one that runs it.
 */

/** `Depends`, `fastapi.Depends`, `Security` (a dependency with scopes). */
const DEPENDENCY_CALLEE = /^(?:fastapi\.(?:params\.)?)?(?:Depends|Security)$/;

/** Whether `written` in `module` names the function `name` of the module at `path`. */
function namesProvider(
  project: PythonProject,
  module: PythonModule,
  written: string,
  name: string,
  path: string,
): boolean {
  const parts = written.split('.');
  if (parts[parts.length - 1] !== name) return false;
  if (parts.length === 1 && module.path === path)
    return module.moduleFunction(name) !== undefined;
  const binding = module.importOf(parts[0]);
  if (!binding || parts.length > 2) return false;
  const resolved = project.resolveImport(binding, module.path);
  return (
    resolved?.path === path &&
    (parts.length === 1 ? resolved.name === name : resolved.name === undefined)
  );
}

/**
 * The function whose parameters ask, with this call (`Depends(name)`,
 * `Depends(dependency=name)`), for the provider `name` defined in the
 * module at `path`; else undefined.
 */
export function dependentOn(
  project: PythonProject,
  module: PythonModule,
  call: CallInfo,
  name: string,
  path: string,
): FunctionInfo | undefined {
  if (!call.dotted || !DEPENDENCY_CALLEE.test(call.dotted)) return undefined;
  const provider =
    call.args.keyword.get('dependency') ?? call.args.positional[0];
  const written = provider ? dottedName(module.syntax, provider) : undefined;
  if (!written || !namesProvider(project, module, written, name, path))
    return undefined;
  // Parameters are read where the function is defined: the call sits in
  // the ParamList of its definition.
  let node = call.node.parent;
  while (node && node.name !== 'ParamList') {
    if (node.name === 'Body' || node.name === 'FunctionDefinition')
      return undefined;
    node = node.parent;
  }
  const definition = node?.parent;
  if (definition?.name !== 'FunctionDefinition') return undefined;
  return module.functions.find(
    fn => fn.node.from === definition.from && fn.node.to === definition.to,
  );
}

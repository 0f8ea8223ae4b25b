import { SourceLine } from '../../types';
import { FunctionInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { ENDPOINT_METHOD_CALLEE } from './webEndpoints';
import { dependentOn } from './dependencyProviders';

/**
 * Code that runs only while the server answers requests, not when it
 * starts: a function a web endpoint registers, or one called only from
 * such code (a lazy `get_model()` that fetches the model the first time a
 * handler calls it, or a FastAPI dependency `Depends(get_model)` of one).
 */

/** Flask's hooks that run before a request is answered. */
const BEFORE_REQUEST = /(?:^|\.)before_(?:first_)?request$/;

/** How many calls of one function are followed; beyond, it is not known when it runs. */
const MAX_CALLERS = 20;

/** How many callers up the handler is looked for. */
const MAX_DEPTH = 3;

function handlerOf(
  path: string,
  fn: FunctionInfo,
): (SourceLine & { name: string }) | undefined {
  for (let f: FunctionInfo | undefined = fn; f; f = f.parent) {
    if (
      f.decorators.some(
        d => ENDPOINT_METHOD_CALLEE.test(d) || BEFORE_REQUEST.test(d),
      )
    )
      return { path, line: f.line, name: f.name };
  }
  return undefined;
}

/**
 * The request handler a function runs from, when it runs only from
 * request handlers: it is one (or nested in one), or every call of it
 * found in the project is made from one, up to three callers up (a
 * constructor through its class's name; a FastAPI dependency through the
 * function whose parameters ask for it). Undefined when some call runs at
 * import or start-up, when no call is found (it may be called by a
 * framework at start), or when it is not known.
 */
export function requestHandlerRunning(
  project: PythonProject,
  path: string,
  fn: FunctionInfo | undefined,
  depth = 0,
): (SourceLine & { name: string }) | undefined {
  if (!fn) return undefined;
  const handler = handlerOf(path, fn);
  if (handler || depth >= MAX_DEPTH) return handler;
  const name =
    fn.name === '__init__' && fn.owner !== undefined ? fn.owner.name : fn.name;
  let first: (SourceLine & { name: string }) | undefined;
  let callers = 0;
  for (const modulePath of project.mentioning(name)) {
    const module = project.module(modulePath);
    if (!module) continue;
    for (const call of module.calls) {
      const dependent = dependentOn(project, module, call, name, path);
      if (dependent) {
        if (++callers > MAX_CALLERS) return undefined;
        const running = requestHandlerRunning(
          project,
          modulePath,
          dependent,
          depth + 1,
        );
        if (!running) return undefined;
        first ??= running;
        continue;
      }
      if (
        call.dotted === undefined ||
        (call.dotted !== name && !call.dotted.endsWith(`.${name}`)) ||
        call.fn === fn
      )
        continue;
      if (++callers > MAX_CALLERS) return undefined;
      const running = requestHandlerRunning(
        project,
        modulePath,
        call.fn,
        depth + 1,
      );
      if (!running) return undefined;
      first ??= running;
    }
  }
  return first;
}

import type { CallInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';

/**
 * Calls of a method on an object the module built from the class, both at
 * module level (`tagger = Tagger(…)` then `tagger.load_model(path)`: code
 * that runs when the process starts): what the method's parameters hold
 * there is what the caller passes. Calls inside functions (a request
 * handler passing what the request names) are left to the rules that read
 * the method itself. `built` is the class as the module names it
 * (`Tagger`, `pkg.Tagger`).
 */
export function instanceMethodCalls(
  module: PythonModule,
  built: string,
  method: string,
): CallInfo[] {
  const suffix = `.${method}`;
  const found: CallInfo[] = [];
  for (const call of module.calls) {
    const dotted = call.dotted;
    if (call.fn || !dotted?.endsWith(suffix)) continue;
    const holder = dotted.slice(0, -suffix.length);
    if (holder === '' || holder.includes('.')) continue;
    const builds = module
      .assignmentsTo(holder)
      .some(
        a =>
          a.fn === undefined &&
          !a.cls &&
          a.value?.name === 'CallExpression' &&
          module.callAt(a.value)?.dotted === built,
      );
    if (builds) found.push(call);
  }
  return found;
}

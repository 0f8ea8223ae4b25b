import { argumentFor } from './argumentFor';
import { canonicalCallee } from './canonicalCallee';
import type { Fetch } from './fetchedLoads';
import { PythonProject } from './pythonProject';
import { ValueReader } from './values';

/**
 * Fetches made through a helper that downloads to the path it is given
 * (`def fetch(self, bucket, key, path): client.fget_object(bucket, key,
 * path)`), as seen at each call of the helper that names the file
 * (`store.fetch(bucket, newest, "model.keras")`): the file is named there.
 */
export function wrappedFetches(
  project: PythonProject,
  reader: ValueReader,
  fetches: readonly Fetch[],
): Fetch[] {
  const found: Fetch[] = [];
  for (const fetch of fetches) {
    const { file } = fetch;
    if (file.literals.length > 0 || file.keys.length > 0) continue;
    if (file.params.length !== 1) continue;
    const { fn, param } = file.params[0];
    if (fn.name === '__init__') continue;
    for (const path of project.mentioning(fn.name)) {
      const module = project.module(path);
      if (!module) continue;
      for (const call of module.calls) {
        const dotted = call.dotted;
        if (
          call.fn === fn ||
          dotted === undefined ||
          (dotted !== fn.name && !dotted.endsWith(`.${fn.name}`))
        )
          continue;
        const argument = argumentFor(call, param, module);
        if (!argument) continue;
        const value = reader.read(argument, reader.scopeOf(module, call));
        if (value.literals.length > 0 || value.keys.length > 0)
          found.push({
            module,
            call,
            callee: canonicalCallee(project, module, dotted),
            file: value,
          });
      }
    }
  }
  return found;
}

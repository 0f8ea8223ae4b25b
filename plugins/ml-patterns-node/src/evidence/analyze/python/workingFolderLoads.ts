import { ModelLoaderFacts } from '../../types';
import { joinPath } from '../paths';
import { ArtifactLoad } from './artifactLoads';
import { canonicalCallee } from './canonicalCallee';
import { PythonProject } from './pythonProject';
import { ValueReader } from './values';

/**
 * A relative load made after the function changed its working folder
 * (`os.chdir("model")` then `mlflow.pyfunc.load_model(".")`) reads a path
 * under that folder: the load's target is the folder joined with it.
 */
export function joinWorkingFolders(
  project: PythonProject,
  reader: ValueReader,
  facts: ReadonlyMap<ArtifactLoad, ModelLoaderFacts>,
): void {
  for (const [load, fact] of facts) {
    const target = fact.target;
    if (target === undefined || target.startsWith('/') || /^\w+:/.test(target))
      continue;
    const { module, call: loadCall } = load.chain[0];
    // The last chdir before the load, in the same function body.
    let folder: string | undefined;
    for (const call of module.calls) {
      if (call.fn !== loadCall.fn || call.line > loadCall.line) continue;
      if (
        !call.dotted ||
        canonicalCallee(project, module, call.dotted) !== 'os.chdir'
      )
        continue;
      const value = reader.read(
        call.args.positional[0],
        reader.scopeOf(module, call),
      );
      folder =
        value.literals.length === 1 && value.keys.length === 0
          ? value.literals[0]
          : undefined;
    }
    if (!folder) continue;
    const joined = joinPath(folder, target);
    if (joined === undefined || joined === '') continue;
    fact.target = folder.startsWith('/') ? `/${joined}` : joined;
  }
}

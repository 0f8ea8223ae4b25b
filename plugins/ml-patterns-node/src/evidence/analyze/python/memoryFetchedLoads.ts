import { ModelLoaderFacts } from '../../types';
import { ArtifactLoad } from './artifactLoads';
import { canonicalCallee } from './canonicalCallee';
import { HTTP_FETCH } from './fetchedLoads';
import { PythonModule } from './pythonModule';
import { CallInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { ValueReader } from './values';

/**
 * A load whose argument is the body of a network or object-storage read,
 * kept in memory on its way (`joblib.load(io.BytesIO(client.get_object(b,
 * k).data))`, `h5py.File(io.BytesIO(requests.get(url).content))`,
 * `torch.load(io.BytesIO(blob.download_as_bytes()))`): the server
 * downloads the model each time it starts, whatever files the image holds.
 */

/** Calls that return what they fetch (object stores, GCS blobs, HTTP). */
function isNetworkRead(callee: string): boolean {
  return (
    /\.get_object$/.test(callee) ||
    /\.download_as_(?:bytes|string|text)$/.test(callee) ||
    HTTP_FETCH.test(callee)
  );
}

interface Found {
  module: PythonModule;
  call: CallInfo;
  callee: string;
}

/** A network read inside a call (its callee chain or arguments), or in a name an argument reads. */
function networkReadIn(
  project: PythonProject,
  reader: ValueReader,
  module: PythonModule,
  call: CallInfo,
  depth: number,
): Found | undefined {
  const { from, to } = call.node;
  for (const inner of module.calls) {
    if (inner.node.from < from || inner.node.to > to || !inner.dotted) continue;
    const callee = canonicalCallee(project, module, inner.dotted);
    if (isNetworkRead(callee)) return { module, call: inner, callee };
  }
  if (depth >= 2) return undefined;
  const { positional, keyword } = call.args;
  for (const arg of [...positional, ...keyword.values()]) {
    const value = reader.read(arg, reader.scopeOf(module, call));
    for (const ref of value.calls) {
      const found = networkReadIn(
        project,
        reader,
        ref.module,
        ref.call,
        depth + 1,
      );
      if (found) return found;
    }
  }
  return undefined;
}

/** Marks each load that reads the body of a network read as a download at start. */
export function markMemoryFetchedLoads(
  project: PythonProject,
  reader: ValueReader,
  facts: ReadonlyMap<ArtifactLoad, ModelLoaderFacts>,
): void {
  for (const [load, fact] of facts) {
    if (fact.downloads || fact.fetchedBy || !load.value) continue;
    if (load.value.literals.some(l => l !== '')) continue;
    for (const ref of load.value.calls) {
      const found = networkReadIn(project, reader, ref.module, ref.call, 0);
      if (found) {
        fact.downloads = true;
        fact.fetchedBy = {
          path: found.module.path,
          line: found.call.line,
          call: `${found.callee} (read into memory)`,
        };
        break;
      }
    }
  }
}

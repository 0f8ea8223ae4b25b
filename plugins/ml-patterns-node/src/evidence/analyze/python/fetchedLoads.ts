import { ModelLoaderFacts } from '../../types';
import type { SyntaxNode } from '@lezer/common';
import { ArtifactLoad } from './artifactLoads';
import { canonicalCallee } from './canonicalCallee';
import { PythonModule } from './pythonModule';
import { CallInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { Value } from './value';
import { ValueReader } from './values';

/**
 * A load of a file that the code fetches over the network first, on its
 * way to the load (`urlretrieve(os.environ["MODEL_URL"], "model.joblib")`
 * then `joblib.load("model.joblib")`; `requests.get(url)` written with
 * `open(path, "wb")` then `joblib.load(path)`): the server gets that model
 * when it starts, unless the image already holds the file.
 */

/** Calls that write what they fetch to a file, and the argument naming it: [position, keyword]. */
const FETCH_TO_FILE: ReadonlyArray<[RegExp, number, string]> = [
  [/^(?:urllib\.request\.)?urlretrieve$/, 1, 'filename'],
  [/^wget\.download$/, 1, 'out'],
  [/^gdown\.download$/, 1, 'output'],
  [/\.download_to_filename$/, 0, 'filename'],
];

/** boto3's `download_file(Bucket, Key, Filename)` (client) / `(Key, Filename)` (Bucket, Object). */
const S3_DOWNLOAD = /\.download_file$/;

/** Calls that fetch a response over the network, whose body a later `open(…, "wb")` writes. */
export const HTTP_FETCH =
  /^(?:requests\.(?:get|request)|httpx\.(?:get|stream)|urllib\.request\.urlopen|urlopen)$/;

/**
 * Remote file systems and object stores whose reads a later `open(…, "wb")`
 * writes (`gcsfs.GCSFileSystem().open(gs_path, "rb")`, `client.get_object(…)`).
 */
const REMOTE_READ =
  /^(?:gcsfs\.GCSFileSystem|s3fs\.S3FileSystem|fsspec\.(?:filesystem|open))$|\.get_object$|\.download_as_(?:bytes|string|text)$/;

/** What a fetch call writes to: the node naming the file. */
function destinationOf(
  callee: string,
  call: CallInfo,
  textOf: (node: SyntaxNode) => string,
  fetchInFunction: () => string | undefined,
): { node?: SyntaxNode; call: string } | undefined {
  const { positional, keyword } = call.args;
  for (const [pattern, position, name] of FETCH_TO_FILE) {
    if (pattern.test(callee))
      return { node: keyword.get(name) ?? positional[position], call: callee };
  }
  if (S3_DOWNLOAD.test(callee))
    return {
      node: keyword.get('Filename') ?? positional[positional.length - 1],
      call: callee,
    };
  if (callee === 'open') {
    const mode = keyword.get('mode') ?? positional[1];
    const fetch =
      mode && isBinaryWrite(textOf(mode)) ? fetchInFunction() : undefined;
    return fetch
      ? { node: positional[0], call: `${fetch} written with open(…, "wb")` }
      : undefined;
  }
  return undefined;
}

/** A short string literal opening a file to write bytes (`"wb"`, `'w+b'`). */
function isBinaryWrite(mode: string): boolean {
  const text = /^['"]([rwa+xbt]{1,4})['"]$/.exec(mode)?.[1];
  return text !== undefined && text.includes('w') && text.includes('b');
}

/** Both values name the same file: a literal in common, or the same configuration keys and nothing else. */
function sameFile(a: Value, b: Value): boolean {
  const literals = new Set(a.literals.filter(l => l !== ''));
  if (b.literals.some(l => literals.has(l))) return true;
  if (a.literals.length > 0 || b.literals.length > 0) return false;
  const keys = (v: Value) =>
    v.keys
      .map(k => k.key)
      .sort()
      .join('|');
  return a.keys.length > 0 && keys(a) === keys(b);
}

interface Fetch {
  module: PythonModule;
  call: CallInfo;
  callee: string;
  file: Value;
}

/** The fetches to a file a module makes (read once per module). */
function fetchesIn(
  project: PythonProject,
  reader: ValueReader,
  module: PythonModule,
): Fetch[] {
  const callees = new Map<CallInfo, string>();
  const calleeOf = (call: CallInfo) => {
    let callee = callees.get(call);
    if (callee === undefined) {
      callee = call.dotted ? canonicalCallee(project, module, call.dotted) : '';
      callees.set(call, callee);
    }
    return callee;
  };
  const fetches: Fetch[] = [];
  const textOf = (node: SyntaxNode) => module.syntax.textOf(node);
  for (const call of module.calls) {
    const callee = calleeOf(call);
    if (!callee) continue;
    const destination = destinationOf(callee, call, textOf, () => {
      const fetch = module.calls.find(
        other =>
          other.fn === call.fn &&
          (HTTP_FETCH.test(calleeOf(other)) ||
            REMOTE_READ.test(calleeOf(other))),
      );
      return fetch && calleeOf(fetch);
    });
    if (!destination?.node) continue;
    const file = reader.read(destination.node, reader.scopeOf(module, call));
    if (file.literals.length > 0 || file.keys.length > 0)
      fetches.push({ module, call, callee: destination.call, file });
  }
  return fetches;
}

/**
 * Notes on each load the fetch that writes the file it loads, when a
 * module on the load's way fetches it.
 */
export function markFetchedLoads(
  project: PythonProject,
  reader: ValueReader,
  facts: ReadonlyMap<ArtifactLoad, ModelLoaderFacts>,
): void {
  const byModule = new Map<string, Fetch[]>();
  const fetchesOf = (module: PythonModule) => {
    let found = byModule.get(module.path);
    if (!found) {
      found = fetchesIn(project, reader, module);
      byModule.set(module.path, found);
    }
    return found;
  };
  for (const [load, fact] of facts) {
    if (fact.downloads || fact.fetchedBy || !load.value) continue;
    const value = load.value;
    for (const site of load.chain) {
      const fetch = fetchesOf(site.module).find(f => sameFile(f.file, value));
      if (fetch) {
        fact.fetchedBy = {
          path: fetch.module.path,
          line: fetch.call.line,
          call: fetch.callee,
        };
        break;
      }
    }
  }
}

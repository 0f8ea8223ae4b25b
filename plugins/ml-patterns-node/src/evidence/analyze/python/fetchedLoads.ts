import { ModelLoaderFacts } from '../../types';
import type { SyntaxNode } from '@lezer/common';
import { ArtifactLoad } from './artifactLoads';
import { canonicalCallee } from './canonicalCallee';
import { PythonModule } from './pythonModule';
import { CallInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { Value } from './value';
import { ValueReader } from './values';
import { requestHandlerRunning } from './requestHandlerCalls';
import { runsOnlyWhenMissing } from './whenMissing';
import { wrappedFetches } from './wrappedFetches';

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
  // MinIO's `fget_object(bucket_name, object_name, file_path)`.
  [/\.fget_object$/, 2, 'file_path'],
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

/**
 * The words of the calls above, kept in step with them: a callee is read
 * through its module's own imports (`canonicalCallee`), so a module whose
 * text lacks a form's words makes no call of that form.
 */
const FILE_FETCH_WORDS =
  /urlretrieve|download_to_filename|fget_object|download_file/;
const DOWNLOADER_WORDS = /wget|gdown/;
const RESPONSE_READ_WORDS =
  /requests|httpx|urlopen|gcsfs|s3fs|fsspec|get_object|download_as_/;

/** Whether a module's text can hold a fetch to a file (see `fetchesIn`): only then is it parsed for its fetches. */
function mayFetchToFile(text: string | undefined): boolean {
  if (text === undefined) return false;
  return (
    FILE_FETCH_WORDS.test(text) ||
    (text.includes('download') && DOWNLOADER_WORDS.test(text)) ||
    (text.includes('open') && RESPONSE_READ_WORDS.test(text))
  );
}

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

export interface Fetch {
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
    // A helper's parameter is named at its calls (see `wrappedFetches`).
    if (file.literals.length > 0 || file.keys.length > 0 || file.params.length)
      fetches.push({ module, call, callee: destination.call, file });
  }
  return fetches;
}

/**
 * A fetch that replaces the file whatever is there: it writes one fixed
 * name (not a name chosen by configuration or by which file exists) and
 * runs whether or not the file is there.
 */
function overwrites(fetch: Fetch): boolean {
  const { file } = fetch;
  return (
    file.literals.length === 1 &&
    file.keys.length === 0 &&
    file.params.length === 0 &&
    !file.multiple &&
    !file.unknown &&
    !runsOnlyWhenMissing(fetch.module, fetch.call)
  );
}

/** Words without which a module fetches nothing to a file (see `fetchesIn`). */
const FETCH_HINT =
  /download|urlretrieve|wget|gdown|requests|httpx|urlopen|get_object|gcsfs|s3fs|fsspec/;

/**
 * The name by which code reaches a load's function: its class for a load
 * in `__init__` (`Detector()`), else the function's (`load_model()`).
 */
function entryName(load: ArtifactLoad): string | undefined {
  const fn = load.chain[load.chain.length - 1].call.fn;
  if (!fn) return undefined;
  return fn.name === '__init__' ? fn.owner?.name : fn.name;
}

/** The fetches to a file of a project's modules, each module read once. */
class FetchIndex {
  private readonly direct = new Map<string, Fetch[]>();
  private wrapped?: Map<string, Fetch[]>;
  private fetching?: string[];

  constructor(
    private readonly project: PythonProject,
    private readonly reader: ValueReader,
  ) {}

  /** A fetch of the file in a module on the load's way. */
  onTheWay(load: ArtifactLoad, value: Value): Fetch | undefined {
    for (const site of load.chain) {
      const fetch = this.of(site.module).find(f => sameFile(f.file, value));
      if (fetch) return fetch;
    }
    return undefined;
  }

  /**
   * A fetch of the file in a function that then calls the load's function
   * (or builds its class).
   */
  beforeEntry(load: ArtifactLoad, value: Value): Fetch | undefined {
    const name = entryName(load);
    if (!name) return undefined;
    const own = load.chain[load.chain.length - 1].call.fn;
    const wrapped = this.wrappedFetches();
    for (const path of this.modules()) {
      const text = this.project.text(path);
      if (!text?.includes(name)) continue;
      // Neither fetches of its own nor through a helper: nothing to find.
      if (!wrapped.has(path) && !mayFetchToFile(text)) continue;
      const module = this.project.module(path);
      if (!module) continue;
      for (const call of module.calls) {
        if (
          call.fn === own ||
          (call.dotted !== name && !call.dotted?.endsWith(`.${name}`))
        )
          continue;
        const fetch = this.of(module).find(
          f =>
            f.call.fn === call.fn &&
            f.call.line < call.line &&
            sameFile(f.file, value),
        );
        if (fetch) return fetch;
      }
    }
    return undefined;
  }

  /** A module's fetches: its own calls, then its calls of fetching helpers. */
  private of(module: PythonModule): Fetch[] {
    const through = this.wrappedFetches().get(module.path);
    return through
      ? [...this.directOf(module), ...through]
      : this.directOf(module);
  }

  private directOf(module: PythonModule): Fetch[] {
    let found = this.direct.get(module.path);
    if (!found) {
      found = fetchesIn(this.project, this.reader, module);
      this.direct.set(module.path, found);
    }
    return found;
  }

  private fetchingModules(): string[] {
    this.fetching ??= this.project.mentioning(FETCH_HINT);
    return this.fetching;
  }

  private wrappedFetches(): Map<string, Fetch[]> {
    if (this.wrapped) return this.wrapped;
    const wrapped = new Map<string, Fetch[]>();
    this.wrapped = wrapped;
    const direct = this.fetchingModules().flatMap(path => {
      if (!mayFetchToFile(this.project.text(path))) return [];
      const module = this.project.module(path);
      return module ? this.directOf(module) : [];
    });
    for (const fetch of wrappedFetches(this.project, this.reader, direct)) {
      const list = wrapped.get(fetch.module.path) ?? [];
      list.push(fetch);
      wrapped.set(fetch.module.path, list);
    }
    return wrapped;
  }

  /** Modules that fetch to a file, directly or through a helper. */
  private modules(): string[] {
    return [
      ...new Set([...this.fetchingModules(), ...this.wrappedFetches().keys()]),
    ];
  }
}

/**
 * Notes on each load the fetch that writes the file it loads, when a
 * module on the load's way fetches it, or when a function fetches it
 * and then calls the function (or builds the class) that loads it
 * (`download_file(bucket, key, "model.keras")` then `Detector()`).
 * Says whether the fetch runs even when the file is already there (no
 * test of the file, no `except` arm, guards it).
 */
export function markFetchedLoads(
  project: PythonProject,
  reader: ValueReader,
  facts: ReadonlyMap<ArtifactLoad, ModelLoaderFacts>,
): void {
  const index = new FetchIndex(project, reader);
  for (const [load, fact] of facts) {
    if (fact.downloads || fact.fetchedBy || !load.value) continue;
    const value = load.value;
    const fetch = index.onTheWay(load, value) ?? index.beforeEntry(load, value);
    if (fetch) {
      const handler = requestHandlerRunning(
        project,
        fetch.module.path,
        fetch.call.fn,
      );
      fact.fetchedBy = {
        path: fetch.module.path,
        line: fetch.call.line,
        call: fetch.callee,
        ...(overwrites(fetch) && { evenWhenPresent: true }),
        ...(handler && {
          onRequest: { path: handler.path, line: handler.line },
        }),
      };
    }
  }
}

import type { SyntaxNode } from '@lezer/common';
import { SourceLine } from '../../types';
import { fetchToolOf, findModelDownload, saysModel } from '../modelDownloads';
import { canonicalCallee } from './canonicalCallee';
import { HTTP_FETCH } from './fetchedLoads';
import { PythonModule } from './pythonModule';
import { CallInfo, FunctionInfo } from './moduleFacts';
import { isTestModule, PythonProject } from './pythonProject';
import { requestHandlerRunning } from './requestHandlerCalls';
import { ENDPOINT_METHOD_CALLEE } from './webEndpoints';

/**
 * A model fetch a serving process's own code makes, whatever loads the
 * model afterwards (a server it then starts, a load the analysis cannot
 * follow, code generated at start): a download tool run through
 * `subprocess` (`azcopy copy … /model_cache`), an object-store, Drive or
 * HTTP download written to a file, an MLflow artifact download. The
 * process gets its model over the network when it runs.
 */
export type ProcessModelFetch = SourceLine & {
  call: string;
  description: string;
  /** The fetch runs only from this request handler, not at start. */
  onRequest?: SourceLine;
};

/** Words without which a module makes none of these calls: most modules are not parsed again. */
const HINT =
  /subprocess|os\.system|os\.popen|download|urlretrieve|requests|httpx|urlopen/;

/** Calls running a shell command line (its first argument). */
const SHELL_RUN =
  /^(?:subprocess\.(?:run|Popen|call|check_call|check_output)|os\.(?:system|popen))$/;

/** Calls that download to a file. */
const FILE_FETCH =
  /^(?:(?:urllib\.request\.)?urlretrieve|wget\.download|gdown\.download(?:_folder)?)$|\.(?:download_file|download_fileobj|download_to_filename|download_artifacts|_download_artifact_from_uri)$/;

/** `open(path, "wb")`, `dest.open("wb")`: a write of the bytes fetched. */
function writesBytes(
  call: CallInfo,
  callee: string,
  textOf: (n: SyntaxNode) => string,
): boolean {
  if (callee !== 'open' && !/\.open$/.test(callee)) return false;
  const { positional, keyword } = call.args;
  const mode =
    keyword.get('mode') ?? (callee === 'open' ? positional[1] : positional[0]);
  const text = mode
    ? /^['"]([rwa+xbt]{1,4})['"]$/.exec(textOf(mode))?.[1]
    : undefined;
  return text !== undefined && text.includes('w') && text.includes('b');
}

/** The text of a shell command given as a string or a list of words. */
function commandText(
  node: SyntaxNode,
  textOf: (n: SyntaxNode) => string,
): string {
  return textOf(node)
    .slice(0, 2000)
    .replace(/["'[\],]+/g, ' ');
}

/** Finds the first model fetch among a process's modules; each module is read once. */
export class ProcessModelFetches {
  private readonly byModule = new Map<
    string,
    Array<{ fetch: ProcessModelFetch; fn?: FunctionInfo; said: boolean }>
  >();

  constructor(private readonly project: PythonProject) {}

  /** The first model fetch of the modules (in path order), from code the process runs. */
  firstIn(
    modules: ReadonlySet<string>,
    entry: string,
    main: boolean,
  ): ProcessModelFetch | undefined {
    const paths = [...modules].filter(p => !isTestModule(p)).sort();
    for (const path of paths) {
      for (const found of this.fetchesIn(path)) {
        if (
          found.fn === undefined &&
          this.inMainGuard(found.fetch) &&
          !(main && path === entry)
        )
          continue;
        if (found.said) return this.withHandler(found.fetch, found.fn);
        const caller = this.calledSayingModel(found.fn, paths);
        if (caller)
          return this.withHandler(
            {
              ...found.fetch,
              description: `${found.fetch.description} (called for a model at ${caller.path}:${caller.line})`,
            },
            found.fn,
          );
      }
    }
    return undefined;
  }

  /** The fetch, with the request handler it runs from when it runs only on requests. */
  private withHandler(
    fetch: ProcessModelFetch,
    fn: FunctionInfo | undefined,
  ): ProcessModelFetch {
    const handler = requestHandlerRunning(this.project, fetch.path, fn);
    return handler
      ? { ...fetch, onRequest: { path: handler.path, line: handler.line } }
      : fetch;
  }

  private inMainGuard(fetch: ProcessModelFetch): boolean {
    const module = this.project.module(fetch.path);
    return (
      module?.calls.some(c => c.line === fetch.line && c.inMainGuard) ?? false
    );
  }

  /**
   * A function that fetches, called (by name, through up to two helpers)
   * from the process's code with arguments that say "model", or from a
   * function whose name says it.
   */
  private calledSayingModel(
    fn: FunctionInfo | undefined,
    paths: string[],
    depth = 0,
  ): SourceLine | undefined {
    if (!fn) return undefined;
    for (const path of paths) {
      const text = this.project.text(path);
      if (text === undefined || !text.includes(fn.name)) continue;
      const module = this.project.module(path);
      if (!module) continue;
      const textOf = (n: SyntaxNode) => module.syntax.textOf(n);
      for (const call of module.calls) {
        if (
          call.dotted === undefined ||
          (call.dotted !== fn.name && !call.dotted.endsWith(`.${fn.name}`)) ||
          call.fn === fn
        )
          continue;
        if (
          saysModel(textOf(call.node)) ||
          (call.fn !== undefined && saysModel(call.fn.name))
        )
          return { path, line: call.line };
        const above =
          depth < 2
            ? this.calledSayingModel(call.fn, paths, depth + 1)
            : undefined;
        if (above) return above;
      }
    }
    return undefined;
  }

  private fetchesIn(path: string) {
    let found = this.byModule.get(path);
    if (found) return found;
    found = [];
    this.byModule.set(path, found);
    const text = this.project.text(path);
    if (text === undefined || !HINT.test(text)) return found;
    const module = this.project.module(path);
    if (!module) return found;
    const textOf = (n: SyntaxNode) => module.syntax.textOf(n);
    const calleeOf = (call: CallInfo) =>
      call.dotted ? canonicalCallee(this.project, module, call.dotted) : '';
    for (const call of module.calls) {
      if (call.fn && handlesRequests(call.fn)) continue;
      const callee = calleeOf(call);
      if (!callee) continue;
      const fetch = this.fetchOf(module, call, callee, textOf, calleeOf);
      if (!fetch) continue;
      found.push({
        fetch: {
          path,
          line: call.line,
          call: callee,
          description: fetch.description,
        },
        fn: call.fn,
        said: fetch.said || (call.fn !== undefined && saysModel(call.fn.name)),
      });
    }
    return found;
  }

  private fetchOf(
    module: PythonModule,
    call: CallInfo,
    callee: string,
    textOf: (n: SyntaxNode) => string,
    calleeOf: (call: CallInfo) => string,
  ): { description: string; said: boolean } | undefined {
    if (SHELL_RUN.test(callee)) {
      const command = call.args.keyword.get('args') ?? call.args.positional[0];
      const text = command ? commandText(command, textOf) : '';
      const download = findModelDownload(text);
      if (download)
        return {
          description: `${download.description} run by ${callee}`,
          said: true,
        };
      // `subprocess.check_call(["pget", url, dest])` in a helper: a model
      // fetch when the helper's name or its callers' arguments say so.
      const tool = fetchToolOf(text);
      return tool
        ? { description: `${tool} run by ${callee}`, said: false }
        : undefined;
    }
    if (FILE_FETCH.test(callee))
      return {
        description: `${callee} downloads a model file`,
        said: saysModel(textOf(call.node)),
      };
    if (HTTP_FETCH.test(callee)) {
      const written = module.calls.some(
        other =>
          other.fn === call.fn &&
          other.line >= call.line &&
          writesBytes(other, calleeOf(other), textOf),
      );
      return written
        ? {
            description: `${callee} written to a file`,
            said: saysModel(textOf(call.node)),
          }
        : undefined;
    }
    return undefined;
  }
}

function handlesRequests(fn: FunctionInfo): boolean {
  for (let f: FunctionInfo | undefined = fn; f; f = f.parent) {
    if (f.decorators.some(d => ENDPOINT_METHOD_CALLEE.test(d))) return true;
  }
  return false;
}

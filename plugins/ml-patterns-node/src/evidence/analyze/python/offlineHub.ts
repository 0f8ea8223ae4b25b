import type { SyntaxNode } from '@lezer/common';
import { SourceLine, WorkloadFacts } from '../../types';
import { isFlyConfig } from '../context/flyMachines';
import { CallInfo } from './moduleFacts';
import { PythonModule } from './pythonModule';
import { childrenOf, dottedName, PythonSyntax } from './syntax';

/**
 * Hub loads that read only files already present (in the image, the hub
 * cache or a mounted volume) and download nothing: the call says so
 * (`from_pretrained(id, local_files_only=True)`), or the process runs with
 * the Hugging Face hub offline (`HF_HUB_OFFLINE=1`, `TRANSFORMERS_OFFLINE=1`)
 * set by its own module or by the service that runs the repository's image.
 * The image's own `ENV` is read with the Dockerfile (`hubOffline`).
 */

const OFFLINE_VARIABLES = new Set(['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE']);

/** The values the Hugging Face libraries take as true. */
const TRUE = /^(?:1|true|yes|on)$/i;

/** Whether setting this variable to this value keeps the hub offline. */
export function isOfflineSetting(name: string, value: string | undefined) {
  return OFFLINE_VARIABLES.has(name) && value !== undefined && TRUE.test(value);
}

/** `local_files_only=True` given to the load call. */
export function readsLocalFilesOnly(
  module: PythonModule,
  call: CallInfo,
): boolean {
  const given = call.args.keyword.get('local_files_only');
  return given !== undefined && module.syntax.textOf(given) === 'True';
}

/** `os.environ["X"]` / `os.environ.setdefault` written as such. */
const ENVIRON = new Set(['os.environ', 'environ']);

/** The variable and value of `os.environ["X"] = "1"` or `os.environ.setdefault("X", "1")`, else undefined. */
function environSetting(
  syntax: PythonSyntax,
  statement: SyntaxNode,
): { name?: string; value?: string } | undefined {
  if (statement.name === 'AssignStatement') {
    const [target, op, value] = childrenOf(statement);
    if (!target || op?.name !== 'AssignOp' || !value) return undefined;
    if (target.name !== 'MemberExpression') return undefined;
    const parts = childrenOf(target);
    const object = parts[0];
    const key = parts.find(part => part.name === 'String');
    if (!object || !key || parts[1]?.name !== '[') return undefined;
    if (!ENVIRON.has(dottedName(syntax, object) ?? '')) return undefined;
    return {
      name: syntax.stringValue(key),
      value: syntax.stringValue(value),
    };
  }
  if (statement.name === 'ExpressionStatement') {
    const call = statement.firstChild;
    if (call?.name !== 'CallExpression') return undefined;
    const callee = call.firstChild;
    const name = callee ? dottedName(syntax, callee) : undefined;
    if (!name || !/^(?:os\.)?environ\.setdefault$/.test(name)) return undefined;
    const args = childrenOf(call.lastChild!).filter(
      node => node.name === 'String',
    );
    if (args.length !== 2) return undefined;
    return {
      name: syntax.stringValue(args[0]),
      value: syntax.stringValue(args[1]),
    };
  }
  return undefined;
}

/**
 * Where a module sets the hub offline in its top-level statements (run
 * when it is imported, before its loads run), else undefined.
 */
export function moduleSetsHubOffline(
  module: PythonModule,
): SourceLine | undefined {
  const syntax = module.syntax;
  for (const statement of childrenOf(syntax.top)) {
    const setting = environSetting(syntax, statement);
    if (setting?.name && isOfflineSetting(setting.name, setting.value))
      return { path: module.path, line: syntax.lineOf(statement) };
  }
  return undefined;
}

/**
 * Where a service running the repository's own image (a compose service
 * built from it, a Fly.io machine) sets the hub offline, else undefined.
 * A service running another image (a model server's) says nothing of the
 * repository's code.
 */
export function serviceSetsHubOffline(
  workloads: readonly WorkloadFacts[],
): SourceLine | undefined {
  for (const workload of workloads) {
    const ownImage =
      workload.dockerfile !== undefined || isFlyConfig(workload.path);
    if (!ownImage) continue;
    for (const container of workload.containers) {
      if (isFlyConfig(workload.path) && container.image) continue;
      const env = container.env.find(e => isOfflineSetting(e.name, e.value));
      if (env)
        return {
          path: workload.path,
          line: env.line ?? container.line ?? workload.line,
        };
    }
  }
  return undefined;
}

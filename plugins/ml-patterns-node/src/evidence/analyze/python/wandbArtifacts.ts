import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import { emptyValue, Scope, Value } from './value';
import type { ValueReader } from './values';

/**
 * Weights & Biases artifacts: `run.use_artifact(NAME)` and
 * `wandb.Api().artifact(NAME)` name an artifact kept by the W&B server, and
 * what its `download()` (or `file()`, for one file) returns is the local
 * copy fetched from there when the call runs. The value stands for that
 * artifact, `wandb-artifact://<name>` (the scheme W&B itself writes
 * artifact URIs with), so a model loaded from the folder is read as one
 * fetched from the registry.
 */
const LOOKUP = /(?:^|\.)(?:use_artifact|artifact)$/;
const FETCH = /(?:^|\.)(?:download|file)$/;
const SCHEME = 'wandb-artifact://';

/** Whether a value stands for a W&B artifact. */
function isArtifact(value: Value): boolean {
  return (
    value.object?.kind === 'registered' &&
    value.literals.some(l => l.startsWith(SCHEME))
  );
}

/**
 * The W&B artifact a lookup names or a download fetches, or undefined when
 * the call is neither (the module must import wandb).
 */
export function wandbArtifact(
  reader: ValueReader,
  call: CallInfo,
  method: string,
  scope: Scope,
  depth: number,
): Value | undefined {
  const fetch = FETCH.test(method);
  if (!fetch && !LOOKUP.test(method)) return undefined;
  // Methods of a run, the API or an artifact: a bare `artifact(…)` is the project's own.
  const receiver =
    call.callee.name === 'MemberExpression' ? call.callee.firstChild : null;
  if (!receiver || !scope.module.importsLibrary('wandb')) return undefined;
  if (fetch) {
    const artifact = reader.read(receiver, scope, depth + 1);
    return isArtifact(artifact) ? artifact : undefined;
  }
  const name: SyntaxNode | undefined =
    call.args.keyword.get('artifact_or_name') ??
    call.args.keyword.get('name') ??
    call.args.positional[0];
  const value = name
    ? reader.read(name, scope, depth + 1)
    : { ...emptyValue(), unknown: true };
  // A name read from configuration only: `{KEY}`, as a composed path writes it.
  const names =
    value.literals.filter(l => l !== '').length === 0 && value.keys.length > 0
      ? [`{${value.keys[0].key}}`]
      : value.literals.filter(l => l !== '');
  return {
    ...value,
    keys: value.keys.map(k => ({ ...k, partial: false })),
    literals: names.map(n => `${SCHEME}${n}`),
    object: { kind: 'registered' },
  };
}

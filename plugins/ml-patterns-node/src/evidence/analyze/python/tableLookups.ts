import type { SyntaxNode } from '@lezer/common';
import { modelNameCount } from './modelNames';
import { emptyValue, Scope, Value } from './value';
import type { ValueReader } from './values';
import type { FunctionInfo } from './moduleFacts';
import { ENDPOINT_DECORATOR_CALLEE } from './webEndpoints';

/**
 * An entry looked up in a table of several distinct names (`MODELS[lang]`,
 * `MODELS.get(lang)` with `MODELS = {"hi": "org/asr-hi", "ta":
 * "org/asr-ta"}`), by a key that is not written in place:
 *
 * - a key that goes through several values (a loop over the table's keys)
 *   looks up several entries: several models, all loaded;
 * - a key a web endpoint's request carries (`MODELS[job.lang]` in
 *   `@app.post` code) looks up the entry each request asks for: every
 *   entry serves some request;
 * - a key that is a parameter of the enclosing function is decided by its
 *   callers: the lookup depends on that parameter, so each call site is
 *   read on its own (a call in a loop over the keys loads them all, a call
 *   with a key from configuration loads one).
 *
 * Undefined when the table names fewer than two distinct models (a loop
 * over identical ids, or over a model and its scaler, loads one model) or
 * the key is fixed here.
 */
export function tableEntry(
  reader: ValueReader,
  table: Value,
  keyNode: SyntaxNode,
  scope: Scope,
  depth: number,
): Value | undefined {
  if (table.object !== undefined || table.multiple) return undefined;
  if ((modelNameCount(table) ?? 0) < 2) return undefined;
  const key = reader.read(keyNode, scope, depth + 1);
  if (key.multiple || key.params.some(p => isEndpoint(p.fn)))
    return { ...table, multiple: true };
  if (
    key.params.length > 0 &&
    key.literals.length === 0 &&
    key.keys.length === 0
  ) {
    return { ...emptyValue(), params: key.params };
  }
  return undefined;
}

/** A function a web framework calls per request (`@app.post("/asr")`). */
function isEndpoint(fn: FunctionInfo): boolean {
  return (
    !fn.owner && fn.decorators.some(d => ENDPOINT_DECORATOR_CALLEE.test(d))
  );
}

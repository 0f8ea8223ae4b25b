import type { ArtifactLoad, CallSite } from './artifactLoads';

/**
 * Loads of which only one runs: calls in different arms of one `if`/`try`,
 * directly or through the calls that reach them.
 */

export function callKey(site: CallSite): string {
  return `${site.module.path}:${site.call.node.from}:${site.call.node.to}`;
}

/** Two calls in different arms of one `if`/`try` of the same function: only one of them runs. */
function alternatives(a: CallSite, b: CallSite): boolean {
  if (a.module !== b.module || a.call.fn !== b.call.fn) return false;
  for (const arm of a.call.arms) {
    if (
      a.chosenByCaller?.includes(arm.statement) ||
      b.chosenByCaller?.includes(arm.statement)
    )
      continue;
    const other = b.call.arms.find(x => x.statement === arm.statement);
    if (other && other.arm !== arm.arm) return true;
  }
  return false;
}

export function functionKey(site: CallSite): string {
  return `${site.module.path}:${site.call.fn?.node.from ?? ''}`;
}

/** The calls entering the code a load is named in (see `enteringCalls`): none known, the naming call itself. */
export type EnteringCalls = (site: CallSite) => CallSite[] | undefined;

export function entered(
  load: ArtifactLoad,
  entering?: EnteringCalls,
): CallSite[] {
  const last = load.chain[load.chain.length - 1];
  return entering?.(last) ?? [last];
}

/**
 * Only one of two loads runs: their load calls are alternatives reached
 * through the same helper calls, or the helper calls naming them are, or
 * every call entering the code of one is an alternative of every call
 * entering the code of the other (an MLflow store or a pickle store,
 * built in the two arms of an `if` on configuration).
 */
export function alternativeLoads(
  a: ArtifactLoad,
  b: ArtifactLoad,
  entering?: EnteringCalls,
): boolean {
  if (alternatives(a.chain[a.chain.length - 1], b.chain[b.chain.length - 1])) {
    return true;
  }
  if (entering) {
    const enteredA = entered(a, entering);
    const enteredB = entered(b, entering);
    if (enteredA.every(x => enteredB.every(y => alternatives(x, y)))) {
      return true;
    }
  }
  const n = Math.min(a.chain.length, b.chain.length);
  for (let k = 0; k < n; k++) {
    // Below level k the two loads go through the same calls.
    const restA = a.chain.slice(k + 1);
    const restB = b.chain.slice(k + 1);
    const same =
      restA.length === restB.length &&
      restA.every((site, i) => callKey(site) === callKey(restB[i]));
    if (same && alternatives(a.chain[k], b.chain[k])) return true;
  }
  return false;
}

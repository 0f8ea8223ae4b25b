import { Entity } from '@backstage/catalog-model';
import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Waivers read from the `ml-patterns.io/waivers` annotation.
 *
 * @public
 */
export interface ParsedWaivers {
  /** Reason by rule id, for waivers that give one. */
  reasons: ReadonlyMap<string, string>;
  /** Rule ids named without a reason: these waivers are ignored. */
  withoutReason: ReadonlySet<string>;
}

const WAIVERS_KEY = INPUT_ANNOTATIONS.waivers;
const NO_WAIVERS: ParsedWaivers = Object.freeze({
  reasons: new Map<string, string>(),
  withoutReason: new Set<string>(),
});

/**
 * Parses the waivers annotation: one waiver per line, `<rule-id>: <reason>`.
 * Blank lines and lines starting with `#` are skipped. A waiver needs a
 * reason — the point of a waiver is to say why — so a line without one is
 * ignored and reported on the check instead.
 *
 * @public
 */
export function parseWaivers(entity: Entity): ParsedWaivers {
  const raw = entity.metadata.annotations?.[WAIVERS_KEY];
  if (typeof raw !== 'string' || raw.trim() === '') {
    return NO_WAIVERS;
  }
  const reasons = new Map<string, string>();
  const withoutReason = new Set<string>();
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const colon = trimmed.indexOf(':');
    const ruleId = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
    const reason = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
    if (ruleId === '') {
      continue;
    }
    if (reason === '') {
      if (!reasons.has(ruleId)) {
        withoutReason.add(ruleId);
      }
    } else {
      reasons.set(ruleId, reason);
      withoutReason.delete(ruleId);
    }
  }
  return { reasons, withoutReason };
}

import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { SourceLine } from '../evidence/types';

/**
 * Evidence pointing at a place in the repository. Drops an undefined line so
 * reports stay minimal JSON.
 */
export function atLine(source: SourceLine, note?: string): EvidenceItem {
  const item: EvidenceItem = { path: source.path };
  if (source.line !== undefined) {
    item.line = source.line;
  }
  if (note !== undefined) {
    item.note = note;
  }
  return item;
}

/** Evidence pointing at a field of the scored entity or of a related one. */
export function atField(
  field: string,
  note?: string,
  entityRef?: string,
): EvidenceItem {
  const item: EvidenceItem = { field };
  if (entityRef !== undefined) {
    item.entityRef = entityRef;
  }
  if (note !== undefined) {
    item.note = note;
  }
  return item;
}

/** `a, b, c` for messages, truncated so a message stays one line. */
export function listForMessage(values: string[], max = 3): string {
  if (values.length <= max) {
    return values.join(', ');
  }
  return `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

/** `1 model` / `2 models`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

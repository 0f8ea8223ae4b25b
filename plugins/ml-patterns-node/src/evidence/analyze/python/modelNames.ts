import { companionFileName } from './artifactRoles';
import type { Value } from './value';

/**
 * How many distinct models the names a value may hold stand for: its
 * literal paths or ids and configuration keys, less those whose names say
 * they are a model's companions (`scaler.pkl`, `TOKENIZER_PATH`). Undefined
 * when part of it is not known (read at run time, or from a parameter).
 */
export function modelNameCount(value: Value): number | undefined {
  if (value.unknown || value.params.length > 0 || value.calls.length > 0)
    return undefined;
  const names = new Set(
    [...value.literals, ...value.keys.map(k => k.key)].filter(
      name => name !== '' && !companionFileName(name),
    ),
  );
  return names.size;
}

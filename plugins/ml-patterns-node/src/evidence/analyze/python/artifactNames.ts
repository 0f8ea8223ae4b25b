import type { ArtifactLoad } from './artifactLoads';
import { useOf } from './loadUses';
import { feedOf } from './chainedLoads';
import type { ConfigKey, Value } from './value';

/**
 * The names a load's artifact goes by: the identities that make two loads
 * one model (a key, a path, a library's default model) and how evidence
 * shows it to users.
 */

/** `settings.MODEL_PATH`, `cfg["model"]["path"]`, env `MODEL_PATH` → `model_path`, `model.path`, `model_path`. */
export function keyIdentity(key: ConfigKey): string {
  if (key.env) return key.key.toLowerCase();
  const parts = key.key
    .replace(/^self\./, '')
    .split(/[.[\]"']+/)
    .filter(Boolean);
  return (parts.length > 1 ? parts.slice(1) : parts).join('.').toLowerCase();
}

/** A path or hub id, compared by its last two segments (`/app/models/a.pkl` = `models/a.pkl`). */
export function literalIdentity(literal: string): string | undefined {
  const parts = literal
    .replace(/\\/g, '/')
    .split('/')
    .filter(p => p && p !== '.');
  if (parts.length === 0) return undefined;
  return parts.slice(-2).join('/');
}

/** The names a value gives an artifact: its keys and literal paths or ids. */
export function valueNames(value: Value | undefined): string[] {
  const names: string[] = [];
  for (const key of value?.keys ?? []) {
    if (!key.partial) names.push(`key:${keyIdentity(key)}`);
  }
  for (const literal of value?.literals ?? []) {
    const id = literalIdentity(literal);
    if (id) names.push(`path:${id}`);
  }
  return names;
}

/** The names a load's artifact goes by (for one-model-or-two decisions). */
export function namesOf(load: ArtifactLoad): string[] {
  const names = valueNames(load.value);
  if (!load.value && load.spec.defaultModel) {
    const first = load.chain[0];
    const task = first.call.args.positional[0];
    const literal = task ? first.module.syntax.stringValue(task) : undefined;
    names.push(`default:${load.spec.call}(${literal ?? ''})`);
  }
  return names;
}
/**
 * How evidence names a companion: its artifact, and, when the code showed
 * it, what it is used for (`vec.pkl, which transforms the input of
 * model.predict at app.py:12`).
 */
export function companionName(load: ArtifactLoad): string {
  const name = displayName(load);
  const use = useOf(load);
  const at = `${load.chain[0].module.path}:${use?.line}`;
  if (use?.kind === 'features') {
    return `${name}, which transforms the input of ${use.consumer} at ${at}`;
  }
  if (use?.kind === 'data') return `${name}, read as data at ${at}`;
  const feed = feedOf(load);
  if (feed) {
    return `${name}, whose output only feeds ${feed.consumer} at ${load.chain[0].module.path}:${feed.line}`;
  }
  return name;
}

/** How evidence names a load's artifact. */
export function displayName(load: ArtifactLoad): string {
  const value = load.value;
  const key = value?.keys.find(k => !k.partial);
  if (key) return key.key;
  const literal = value?.literals.find(l => l !== '');
  if (literal !== undefined) return literal;
  if (value?.keys[0]) return value.keys[0].key;
  if (load.spec.several) return 'every installed model';
  if (!value && load.spec.defaultModel) {
    return `the default model of ${load.spec.call}`;
  }
  return 'an artifact named at run time';
}

import { DEFAULT_NAMESPACE, Entity } from '@backstage/catalog-model';
import { ML_PATTERNS_ANNOTATION_PREFIX } from '@ml-patterns/plugin-ml-patterns-common';

/** One searchable field of an entity, lower-cased as the catalog keeps it. */
export interface SearchRow {
  key: string;
  /** Null: the field has no value, or one longer than the catalog keeps. */
  value: string | null;
}

/** The catalog's limits on search keys and values. */
const MAX_KEY_LENGTH = 200;
const MAX_VALUE_LENGTH = 200;

/** Fields the catalog indexes on their own rather than by traversal. */
const SPECIAL_KEYS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);

/** The only relation type a built-in catalog permission rule looks at. */
const OWNED_BY_KEY = 'relations.ownedby';

/**
 * Fields not kept: ml-patterns' own annotations (the stamps, which the table
 * has as columns, and the owners' inputs), some 12 of an entity's 28 rows
 * and 45 % of the table's size. A permission condition on one of them is
 * left to the caller's own catalog read (see `catalogConditionFilter`), so
 * the permission model stays exact.
 */
const UNKEPT_KEY_PREFIX = `metadata.annotations.${ML_PATTERNS_ANNOTATION_PREFIX}/`;

/** Whether the table keeps the rows of a (lower-cased) search key. */
export function isKeptSearchKey(key: string): boolean {
  return !key.startsWith(UNKEPT_KEY_PREFIX);
}

type RawRow = { key: string; value: unknown };

function traverse(path: string, current: unknown, out: RawRow[]): void {
  if (SPECIAL_KEYS.has(path)) {
    return;
  }
  if (
    current === undefined ||
    current === null ||
    ['string', 'number', 'boolean'].includes(typeof current)
  ) {
    out.push({ key: path, value: current });
    return;
  }
  if (typeof current !== 'object') {
    return;
  }
  if (Array.isArray(current)) {
    for (const item of current) {
      traverse(path, item, out);
      // The catalog also indexes each string item as a key of its own
      // (`metadata.tags.python`), once per spelling.
      if (typeof item === 'string') {
        out.push({ key: `${path}.${item}`, value: true });
      }
    }
    return;
  }
  for (const [key, value] of Object.entries(current)) {
    traverse(`${path}.${key}`, value, out);
  }
}

/**
 * The rows the catalog's search table holds for an entity, as its
 * `buildEntitySearch` makes them, limited to what the catalog's built-in
 * permission rules can ask about: `kind`, `metadata.*`, `spec.*` and the
 * `ownedBy` relations, ml-patterns' own annotations left out (see
 * {@link isKeptSearchKey}). Keys and values are lower-cased; values longer than
 * 200 characters are kept as null, keys longer than 200 left out, and
 * repeated (key, value) pairs kept once.
 */
export function entitySearchRows(entity: Entity): SearchRow[] {
  const raw: RawRow[] = [{ key: 'kind', value: entity.kind }];
  traverse('metadata', entity.metadata, raw);
  if (entity.spec !== undefined) {
    traverse('spec', entity.spec, raw);
  }
  raw.push({ key: 'metadata.name', value: entity.metadata.name });
  raw.push({ key: 'metadata.namespace', value: entity.metadata.namespace });
  raw.push({ key: 'metadata.uid', value: entity.metadata.uid });
  if (!entity.metadata.namespace) {
    raw.push({ key: 'metadata.namespace', value: DEFAULT_NAMESPACE });
  }
  for (const relation of entity.relations ?? []) {
    raw.push({ key: `relations.${relation.type}`, value: relation.targetRef });
  }

  const rows: SearchRow[] = [];
  const seen = new Set<string>();
  for (const { key: rawKey, value: rawValue } of raw) {
    const key = rawKey.toLowerCase();
    if (key.length > MAX_KEY_LENGTH) {
      continue;
    }
    if (
      (key.startsWith('relations.') && key !== OWNED_BY_KEY) ||
      !isKeptSearchKey(key)
    ) {
      continue;
    }
    let value: string | null = null;
    if (rawValue !== undefined && rawValue !== null) {
      const text = String(rawValue).toLowerCase();
      value = text.length <= MAX_VALUE_LENGTH ? text : null;
    }
    const id = `${key}\0${value === null ? '\u0001null' : value}`;
    if (!seen.has(id)) {
      seen.add(id);
      rows.push({ key, value });
    }
  }
  return rows;
}

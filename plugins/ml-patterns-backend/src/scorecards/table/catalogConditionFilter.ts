import {
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
} from '@backstage/plugin-permission-common';
import { z } from 'zod';
import { isKeptSearchKey } from './entitySearchRows';

/**
 * A catalog permission condition as a test of an entity's search rows,
 * the way the catalog itself applies it to a list read: an entity passes
 * a field test when it has a row with that key (and, when values are
 * given, one of those values); keys and values compared lower-cased.
 */
export type FieldFilter =
  | { key: string; values?: string[] }
  | { allOf: FieldFilter[] }
  | { anyOf: FieldFilter[] }
  | { not: FieldFilter };

const optionalValue = z.string().optional();

/**
 * The catalog's built-in rules for `catalog-entity` conditions: each one's
 * parameters, and the search-row test the catalog makes of it (its
 * `toQuery`). Other rules (added by modules through the catalog's
 * permission extension point) are not known here.
 */
const BUILT_IN_RULES: Record<
  string,
  (params: PermissionRuleParams) => FieldFilter | undefined
> = {
  HAS_ANNOTATION: params => {
    const p = z
      .object({ annotation: z.string(), value: optionalValue })
      .safeParse(params);
    return p.success
      ? field(`metadata.annotations.${p.data.annotation}`, p.data.value)
      : undefined;
  },
  HAS_LABEL: params => {
    const p = z
      .object({ label: z.string(), value: optionalValue })
      .safeParse(params);
    return p.success
      ? field(`metadata.labels.${p.data.label}`, p.data.value)
      : undefined;
  },
  HAS_METADATA: params => property('metadata', params),
  HAS_SPEC: params => property('spec', params),
  IS_ENTITY_KIND: params => {
    const p = z.object({ kinds: z.array(z.string()) }).safeParse(params);
    return p.success ? { key: 'kind', values: p.data.kinds } : undefined;
  },
  IS_ENTITY_OWNER: params => {
    const p = z.object({ claims: z.array(z.string()) }).safeParse(params);
    return p.success
      ? { key: 'relations.ownedBy', values: p.data.claims }
      : undefined;
  },
};

function field(key: string, value: string | undefined): FieldFilter {
  return value === undefined ? { key } : { key, values: [value] };
}

function property(
  propertyType: 'metadata' | 'spec',
  params: PermissionRuleParams,
): FieldFilter | undefined {
  const p = z
    .object({ key: z.string(), value: optionalValue })
    .safeParse(params);
  return p.success
    ? field(`${propertyType}.${p.data.key}`, p.data.value)
    : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lower-cases keys and values, as the catalog compares them. */
function normalized(filter: FieldFilter): FieldFilter {
  if ('key' in filter) {
    return {
      key: filter.key.toLowerCase(),
      ...(filter.values && {
        values: filter.values.map(v => String(v).toLowerCase()),
      }),
    };
  }
  if ('allOf' in filter) {
    return { allOf: filter.allOf.map(normalized) };
  }
  if ('anyOf' in filter) {
    return { anyOf: filter.anyOf.map(normalized) };
  }
  return { not: normalized(filter.not) };
}

function translate(criteria: unknown): FieldFilter | undefined {
  if (!isObject(criteria)) {
    return undefined;
  }
  if (Array.isArray(criteria.allOf) || Array.isArray(criteria.anyOf)) {
    const list = (criteria.allOf ?? criteria.anyOf) as unknown[];
    const children: FieldFilter[] = [];
    for (const child of list) {
      const translated = translate(child);
      if (!translated) {
        return undefined;
      }
      children.push(translated);
    }
    return Array.isArray(criteria.allOf)
      ? { allOf: children }
      : { anyOf: children };
  }
  if ('not' in criteria) {
    const inner = translate(criteria.not);
    return inner && { not: inner };
  }
  const rule =
    typeof criteria.rule === 'string' &&
    Object.prototype.hasOwnProperty.call(BUILT_IN_RULES, criteria.rule)
      ? BUILT_IN_RULES[criteria.rule]
      : undefined;
  return rule?.((criteria.params ?? {}) as PermissionRuleParams);
}

/** Whether every field the filter tests is one the table keeps rows of. */
function testsKeptKeysOnly(filter: FieldFilter): boolean {
  if ('key' in filter) return isKeptSearchKey(filter.key);
  if ('allOf' in filter) return filter.allOf.every(testsKeptKeysOnly);
  if ('anyOf' in filter) return filter.anyOf.every(testsKeptKeysOnly);
  return testsKeptKeysOnly(filter.not);
}

/**
 * The conditions of a CONDITIONAL `catalog.entity.read` decision as a test
 * of search rows, when every rule in them is one of the catalog's built-in
 * rules with valid parameters; undefined otherwise (a rule added by a
 * module, parameters the catalog would refuse, or a field the table does
 * not keep: ml-patterns' own annotations), in which case only the catalog
 * can say what the caller may read.
 */
export function catalogConditionFilter(
  conditions: PermissionCriteria<PermissionCondition<string>>,
): FieldFilter | undefined {
  const translated = translate(conditions);
  const filter = translated && normalized(translated);
  return filter && testsKeptKeysOnly(filter) ? filter : undefined;
}

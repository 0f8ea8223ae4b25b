import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScorecardGroupBy } from '@ml-patterns/plugin-ml-patterns-common';

const validator = makeValidator();

/** The group of entities with no owner, system or domain. */
export const NO_GROUP = 'none';

/**
 * Checks the kind, namespace and name of a report request the way the
 * catalog would, so a malformed ref is a 400 rather than a confusing 404.
 */
export function parseReportRef(params: {
  kind: string;
  namespace: string;
  name: string;
}): CompoundEntityRef {
  const { kind, namespace, name } = params;
  if (!validator.isValidKind(kind)) {
    throw new InputError(`Malformed entity kind '${kind}'`);
  }
  // The catalog matches refs case-insensitively; so do we.
  if (!validator.isValidNamespace(namespace.toLocaleLowerCase('en-US'))) {
    throw new InputError(`Malformed entity namespace '${namespace}'`);
  }
  if (!validator.isValidEntityName(name)) {
    throw new InputError(`Malformed entity name '${name}'`);
  }
  return { kind, namespace, name };
}

/** Refs already normalised: catalogs repeat a few owners and systems a lot. */
const normalizedRefs = new Map<string, string | undefined>();
const MAX_CACHED_REFS = 50_000;

/**
 * Full, lower-case entity ref (`group:default/vision-team`) of a reference
 * written in an entity's spec, which may be short (`vision-team`) and then
 * lives in the referring entity's namespace, like the catalog's relations.
 * Returns undefined for values that are not refs.
 */
export function normalizeRef(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  const key = `${defaultKind}\u0000${defaultNamespace}\u0000${value}`;
  if (normalizedRefs.has(key)) {
    return normalizedRefs.get(key);
  }
  const normalized = parseAndNormalize(value, defaultKind, defaultNamespace);
  if (normalizedRefs.size >= MAX_CACHED_REFS) {
    normalizedRefs.clear();
  }
  normalizedRefs.set(key, normalized);
  return normalized;
}

function parseAndNormalize(
  value: string,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace,
    });
    if (
      !validator.isValidKind(ref.kind) ||
      !validator.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US')) ||
      !validator.isValidEntityName(ref.name)
    ) {
      return undefined;
    }
    return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

const GROUP_KINDS: Record<string, ScorecardGroupBy> = {
  group: 'owner',
  user: 'owner',
  system: 'system',
  domain: 'domain',
};

/**
 * Parses the `{groupRef}` of the drill-down and history endpoints: a full
 * entity ref of a group, user, system or domain, or `none`. The grouping is
 * the one asked for, else the one the ref's kind implies.
 */
export function parseGroupRef(
  groupRef: string,
  groupBy?: ScorecardGroupBy,
): { groupRef: string; groupBy: ScorecardGroupBy } {
  const trimmed = groupRef.trim();
  if (trimmed.toLocaleLowerCase('en-US') === NO_GROUP) {
    return { groupRef: NO_GROUP, groupBy: groupBy ?? 'owner' };
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(trimmed);
  } catch (error) {
    throw new InputError(
      `Malformed group ref '${groupRef}': expected a full entity ref such as 'group:default/my-team' or '${NO_GROUP}'`,
    );
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  const implied = GROUP_KINDS[kind];
  if (!implied) {
    throw new InputError(
      `Malformed group ref '${groupRef}': the kind must be group, user, system or domain`,
    );
  }
  if (
    !validator.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US')) ||
    !validator.isValidEntityName(ref.name)
  ) {
    throw new InputError(`Malformed group ref '${groupRef}'`);
  }
  if (groupBy && groupBy !== implied) {
    throw new InputError(
      `Group ref '${groupRef}' is a ${kind}, which does not match groupBy=${groupBy}`,
    );
  }
  return {
    groupRef: stringifyEntityRef(ref).toLocaleLowerCase('en-US'),
    groupBy: implied,
  };
}

import { Entity } from '@backstage/catalog-model';
import {
  ENTITY_ROLES,
  EntityRole,
  INPUT_ANNOTATIONS,
  ScopeConfig,
  ScopeEntry,
} from '@ml-patterns/plugin-ml-patterns-common';

/** Roles in the order they are tried: the first matching one wins. */
const ROLE_ORDER: ReadonlyArray<EntityRole> = ENTITY_ROLES;

function lower(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value.trim().toLocaleLowerCase('en-US')
    : undefined;
}

function matches(
  entry: ScopeEntry,
  kind: string | undefined,
  type: string | undefined,
  dependsOnMl: boolean,
): boolean {
  if (entry.kind !== '*' && lower(entry.kind) !== kind) {
    return false;
  }
  const typeMatches = entry.types.some(
    t => t === '*' || (type !== undefined && lower(t) === type),
  );
  if (!typeMatches) {
    return false;
  }
  return entry.when !== 'depends-on-ml' || dependsOnMl;
}

/**
 * What an entity is to ml-patterns, or undefined when it is out of scope.
 *
 * The `ml-patterns.io/scope` annotation (`model`, `serving-unit`,
 * `repository`, `dataset` or `none`) overrides the configured scope; an
 * unrecognised value is ignored. Otherwise the first scope entry matching
 * the entity's kind and `spec.type` (case-insensitive, `*` matches any)
 * decides; entries with `when: depends-on-ml` match only when the entity
 * depends on a model or dataset (`dependsOnMl`, worked out by the caller;
 * false when not given).
 *
 * @public
 */
export function resolveRole(
  entity: Entity,
  scope: ScopeConfig,
  context: { dependsOnMl: boolean } = { dependsOnMl: false },
): EntityRole | undefined {
  const declared = lower(
    entity.metadata.annotations?.[INPUT_ANNOTATIONS.scope],
  );
  if (declared === 'none') {
    return undefined;
  }
  if (declared && (ROLE_ORDER as string[]).includes(declared)) {
    return declared as EntityRole;
  }
  const kind = lower(entity.kind);
  const type = lower(entity.spec?.type);
  for (const role of ROLE_ORDER) {
    for (const entry of scope[role] ?? []) {
      if (matches(entry, kind, type, context.dependsOnMl)) {
        return role;
      }
    }
  }
  return undefined;
}

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityRole,
  INPUT_ANNOTATIONS,
  readStampedRole,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import { noRelatedFacts } from '../engine/noRelatedFacts';
import { resolveRole } from '../engine/role';
import { RelatedFacts, ServerGroupPeer } from '../engine/types';
import { CatalogLookups, groupKeys } from './CatalogLookups';
import { errorMessage } from '../errorMessage';

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

/**
 * Entity refs in a `spec` list (`dependsOn`, `dependencyOf`) as full refs;
 * malformed refs are skipped.
 *
 * @alpha
 */
export function specRefs(
  entity: Entity,
  field: 'dependsOn' | 'dependencyOf',
): string[] {
  const raw = entity.spec?.[field];
  if (!Array.isArray(raw)) {
    return [];
  }
  const refs = new Set<string>();
  for (const value of raw) {
    if (typeof value !== 'string') continue;
    try {
      refs.add(
        stringifyEntityRef(
          parseEntityRef(value, {
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ),
      );
    } catch {
      // A malformed ref is the catalog's to report; it relates to nothing.
    }
  }
  return [...refs];
}

/** `spec.dependsOn` as full refs; malformed refs are skipped. */
export function dependsOnRefs(entity: Entity): string[] {
  return specRefs(entity, 'dependsOn');
}

/**
 * Cross-entity facts, from what the catalog answers one caller (see
 * {@link CatalogLookups}): which dependencies are models or datasets, which
 * serving units serve a model, which serving units share a server group.
 */
export class CatalogRelatedFacts {
  constructor(
    private readonly scope: ScopeConfig,
    private readonly logger: LoggerService,
  ) {}

  /** The role of a related entity, judged from its own descriptor. */
  roleOfRelated(entity: Entity, dependsOnMl: boolean): EntityRole | undefined {
    return resolveRole(entity, this.scope, { dependsOnMl });
  }

  isMl(entity: Entity): boolean {
    const role = this.roleOfRelated(entity, false);
    return role === 'model' || role === 'dataset';
  }

  /** The entities in `spec.dependsOn` that exist and can be seen. */
  async dependencies(
    entity: Entity,
    lookups: CatalogLookups,
  ): Promise<Entity[]> {
    const refs = dependsOnRefs(entity);
    if (refs.length === 0) {
      return [];
    }
    return lookups.byRefs(refs);
  }

  /**
   * Gathers the facts for an entity whose role and dependencies are known.
   * Catalog errors give `status: 'unavailable'`, never an exception.
   */
  async gather(
    entity: Entity,
    role: EntityRole,
    dependencies: Entity[],
    lookups: CatalogLookups,
  ): Promise<RelatedFacts> {
    const datasets = dependencies
      .filter(d => this.roleOfRelated(d, false) === 'dataset')
      .map(refOf);
    try {
      if (role === 'serving-unit') {
        return {
          ...noRelatedFacts(),
          datasets,
          servedModels: dependencies
            .filter(d => this.roleOfRelated(d, false) === 'model')
            .map(d => ({
              entityRef: refOf(d),
              requiredLibraries:
                d.metadata.annotations?.[INPUT_ANNOTATIONS.requiredLibraries],
            })),
          serverGroupPeers: await this.peersOf([entity], lookups),
        };
      }
      if (role === 'model') {
        const servers = await this.servingUnitsOf(entity, lookups);
        return {
          ...noRelatedFacts(),
          datasets,
          codeEntities: dependencies
            .filter(d => d.kind.toLocaleLowerCase('en-US') === 'component')
            .map(refOf),
          servingUnits: servers.units,
          serverGroupPeers: await this.peersOf(servers.entities, lookups),
        };
      }
      return { ...noRelatedFacts(), datasets };
    } catch (error) {
      const reason = `catalog lookup failed: ${errorMessage(error)}`;
      this.logger.warn(`ml-patterns: ${refOf(entity)}: ${reason}`);
      return { ...noRelatedFacts(reason), datasets };
    }
  }

  /** Serving units that depend on the model, with how many models each serves. */
  private async servingUnitsOf(
    model: Entity,
    lookups: CatalogLookups,
  ): Promise<{
    entities: Entity[];
    units: RelatedFacts['servingUnits'];
  }> {
    const dependents = await lookups.dependentsOf(refOf(model));
    const servers = dependents.filter(
      d => this.roleOfRelated(d, true) === 'serving-unit',
    );
    const theirDependencies = [
      ...new Set(servers.flatMap(s => dependsOnRefs(s))),
    ];
    const known =
      theirDependencies.length > 0
        ? await lookups.byRefs(theirDependencies)
        : [];
    const models = new Set(
      known.filter(k => this.roleOfRelated(k, false) === 'model').map(refOf),
    );
    return {
      entities: servers,
      units: servers.map(s => ({
        entityRef: refOf(s),
        modelCount: dependsOnRefs(s).filter(r => models.has(r)).length,
      })),
    };
  }

  /**
   * Other serving units in the server groups of `servers`. A peer counts
   * when it was already stamped as a serving unit, or its kind and type put
   * it in the serving-unit scope and it depends on something.
   */
  private async peersOf(
    servers: Entity[],
    lookups: CatalogLookups,
  ): Promise<ServerGroupPeer[]> {
    const keys = servers.flatMap(groupKeys);
    if (keys.length === 0) {
      return [];
    }
    const own = new Set(servers.map(refOf));
    const members = await lookups.groupMembers(keys);
    const peers: ServerGroupPeer[] = [];
    for (const member of members) {
      const ref = refOf(member);
      if (own.has(ref) || !this.isServingPeer(member)) continue;
      for (const k of groupKeys(member)) {
        // Compared as the catalog's filters compare: case-insensitively.
        const shared = keys.find(
          mine =>
            mine.key === k.key &&
            mine.value.toLocaleLowerCase('en-US') ===
              k.value.toLocaleLowerCase('en-US'),
        );
        if (shared) {
          peers.push({
            entityRef: ref,
            group: shared.value,
            field: `metadata.annotations.${shared.key}`,
          });
          break;
        }
      }
    }
    return peers;
  }

  private isServingPeer(entity: Entity): boolean {
    if (readStampedRole(entity.metadata.annotations) === 'serving-unit') {
      return true;
    }
    return (
      this.roleOfRelated(entity, dependsOnRefs(entity).length > 0) ===
      'serving-unit'
    );
  }
}

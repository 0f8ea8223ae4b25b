import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BACKSTAGE_ANNOTATIONS,
  EntityRole,
  INPUT_ANNOTATIONS,
  OUTPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import { resolveRole } from '../engine/role';
import { RelatedFacts, ServerGroupPeer } from '../engine/types';
import { callerKey } from './callerKey';
import { TtlCache } from './TtlCache';

/** The fields cross-entity checks need; nothing else is fetched. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.dependsOn',
];

/** Annotations that name the server group a serving unit is deployed in. */
const GROUP_ANNOTATIONS = [
  BACKSTAGE_ANNOTATIONS.kubernetesId,
  INPUT_ANNOTATIONS.serverGroup,
];

const EMPTY: Omit<RelatedFacts, 'status' | 'reason'> = {
  servedModels: [],
  servingUnits: [],
  serverGroupPeers: [],
  datasets: [],
  codeEntities: [],
};

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

/**
 * Cached answers are only reused for the same caller, so a report never
 * shows related entities its reader may not see.
 */
function callerOf(credentials: BackstageCredentials): string {
  return callerKey(credentials) ?? 'anonymous';
}

/** `spec.dependsOn` as full refs; malformed refs are skipped. */
export function dependsOnRefs(entity: Entity): string[] {
  const raw = entity.spec?.dependsOn;
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

function groupKeys(entity: Entity): Array<{ key: string; value: string }> {
  const annotations = entity.metadata.annotations ?? {};
  return GROUP_ANNOTATIONS.flatMap(key =>
    annotations[key] ? [{ key, value: annotations[key] }] : [],
  );
}

/**
 * Cross-entity facts from the catalog, asked with the given credentials:
 * which dependencies are models or datasets, which serving units serve a
 * model, which serving units share a server group. At most four catalog
 * queries per entity, each cached for a short time so a processing cycle
 * asks about a shared model or group once. Cached answers are kept per
 * caller (user or service), never shared across permission boundaries.
 */
export class CatalogRelatedFacts {
  /** Query results: dependents of a model, members of server groups. */
  private readonly cache: TtlCache<Entity[]>;
  /**
   * Entities by ref (null: not found), so that entities naming overlapping
   * dependencies (the services of a team and their databases, the models of
   * a training pipeline) share lookups; only refs not cached are asked for.
   */
  private readonly entities: TtlCache<Entity | null>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly scope: ScopeConfig,
    private readonly logger: LoggerService,
    cacheTtlMs = 15_000,
  ) {
    this.cache = new TtlCache(cacheTtlMs);
    this.entities = new TtlCache(cacheTtlMs);
  }

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
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const refs = dependsOnRefs(entity);
    if (refs.length === 0) {
      return [];
    }
    return this.byRefs(refs, credentials);
  }

  /**
   * Gathers the facts for an entity whose role and dependencies are known.
   * Catalog errors give `status: 'unavailable'`, never an exception.
   */
  async gather(
    entity: Entity,
    role: EntityRole,
    dependencies: Entity[],
    credentials: BackstageCredentials,
  ): Promise<RelatedFacts> {
    const datasets = dependencies
      .filter(d => this.roleOfRelated(d, false) === 'dataset')
      .map(refOf);
    try {
      if (role === 'serving-unit') {
        return {
          ...EMPTY,
          status: 'ok',
          datasets,
          servedModels: dependencies
            .filter(d => this.roleOfRelated(d, false) === 'model')
            .map(d => ({
              entityRef: refOf(d),
              requiredLibraries:
                d.metadata.annotations?.[INPUT_ANNOTATIONS.requiredLibraries],
            })),
          serverGroupPeers: await this.peersOf([entity], credentials),
        };
      }
      if (role === 'model') {
        const servers = await this.servingUnitsOf(entity, credentials);
        return {
          ...EMPTY,
          status: 'ok',
          datasets,
          codeEntities: dependencies
            .filter(d => d.kind.toLocaleLowerCase('en-US') === 'component')
            .map(refOf),
          servingUnits: servers.units,
          serverGroupPeers: await this.peersOf(servers.entities, credentials),
        };
      }
      return { ...EMPTY, status: 'ok', datasets };
    } catch (error) {
      const reason = `catalog lookup failed: ${(error as Error).message}`;
      this.logger.warn(`ml-patterns: ${refOf(entity)}: ${reason}`);
      return { ...EMPTY, status: 'unavailable', reason, datasets };
    }
  }

  private async byRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const caller = `${callerOf(credentials)}\n`;
    const found = await this.entities.getOrLoadMany(
      [...refs].sort().map(ref => caller + ref),
      async missing => {
        const { items } = await this.catalog.getEntitiesByRefs(
          {
            entityRefs: missing.map(key => key.slice(caller.length)),
            fields: FIELDS,
          },
          { credentials },
        );
        return missing.map((_, i) => items[i] ?? null);
      },
    );
    return found.filter((e): e is Entity => Boolean(e));
  }

  /** Serving units that depend on the model, with how many models each serves. */
  private async servingUnitsOf(
    model: Entity,
    credentials: BackstageCredentials,
  ): Promise<{
    entities: Entity[];
    units: RelatedFacts['servingUnits'];
  }> {
    const modelRef = refOf(model);
    const dependents = await this.cache.getOrLoad(
      `${callerOf(credentials)}\ndependents:${modelRef}`,
      async () =>
        (
          await this.catalog.getEntities(
            { filter: { 'relations.dependsOn': modelRef }, fields: FIELDS },
            { credentials },
          )
        ).items,
    );
    const servers = dependents.filter(
      d => this.roleOfRelated(d, true) === 'serving-unit',
    );
    const theirDependencies = [
      ...new Set(servers.flatMap(s => dependsOnRefs(s))),
    ];
    const known =
      theirDependencies.length > 0
        ? await this.byRefs(theirDependencies, credentials)
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
    credentials: BackstageCredentials,
  ): Promise<ServerGroupPeer[]> {
    const keys = servers.flatMap(groupKeys);
    if (keys.length === 0) {
      return [];
    }
    const own = new Set(servers.map(refOf));
    const filter = keys.map(k => ({
      [`metadata.annotations.${k.key}`]: k.value,
    }));
    const cacheKey = `${callerOf(credentials)}\ngroup:${keys
      .map(k => `${k.key}=${k.value}`)
      .sort()
      .join('|')}`;
    const members = await this.cache.getOrLoad(
      cacheKey,
      async () =>
        (
          await this.catalog.getEntities(
            { filter, fields: FIELDS },
            { credentials },
          )
        ).items,
    );
    const peers: ServerGroupPeer[] = [];
    for (const member of members) {
      const ref = refOf(member);
      if (own.has(ref) || !this.isServingPeer(member)) continue;
      for (const k of groupKeys(member)) {
        const shared = keys.find(
          mine => mine.key === k.key && mine.value === k.value,
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
    if (
      entity.metadata.annotations?.[OUTPUT_ANNOTATIONS.role] === 'serving-unit'
    ) {
      return true;
    }
    return (
      this.roleOfRelated(entity, dependsOnRefs(entity).length > 0) ===
      'serving-unit'
    );
  }
}

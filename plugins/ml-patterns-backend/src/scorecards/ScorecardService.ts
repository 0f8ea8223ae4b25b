import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ScorecardEntitiesResponse,
  ScorecardEntity,
  ScorecardGroupBy,
  ScorecardsResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  callerKey,
  TtlCache,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { NO_GROUP } from '../service/refs';
import { aggregateScorecards } from './aggregateScorecards';
import { catalogReadDecision } from './catalogReadDecision';
import { EntityListFilter, matchesEntityList } from './entityListFilter';
import { filterStamped, inSystem, ScorecardFilter } from './filterStamped';
import { readDomainsOfSystems } from './readDomainsOfSystems';
import { readStampedEntities } from './readStampedEntities';
import { StampedSnapshot, StampedSnapshotValue } from './StampedSnapshot';
import {
  entitiesFromTable,
  scorecardRowsFromTable,
} from './table/queryStampTable';
import { StampTableAccess, TableAnswer } from './table/StampTableAccess';
import {
  DRILL_DOWN_FIELDS,
  HISTORY_FIELDS,
  SCORECARD_FIELDS,
  StampedEntity,
} from './stampedEntity';

export type { ScorecardFilter } from './filterStamped';

/** Distinct (caller, filter, fields) reads kept at once. */
const MAX_CACHED_READS = 200;

type Grouped = {
  entities: StampedEntity[];
  groupOf: (entity: StampedEntity) => string;
};

/** A listed entity: its drill-down row, owner and system (full refs or `none`). */
export type ListedEntity = ScorecardEntity & { owner: string; system: string };

function byEntityRef(a: StampedEntity, b: StampedEntity): number {
  return a.entityRef < b.entityRef ? -1 : 1;
}

function toScorecardEntity(e: StampedEntity): ScorecardEntity {
  return {
    entityRef: e.entityRef,
    title: e.title,
    kind: e.kind,
    type: e.type,
    score: e.score,
    grade: e.grade,
    allInOne: e.allInOne,
    onlyMe: e.onlyMe,
    releasePattern: e.releasePattern,
    failedChecks: e.failedChecks,
  };
}

/** Groups by owner, system, or the system's domain in `domains`. */
function groupingBy(
  groupBy: ScorecardGroupBy,
  domains: ReadonlyMap<string, string>,
): (entity: StampedEntity) => string {
  if (groupBy === 'owner') {
    return e => e.ownerRef;
  }
  if (groupBy === 'system') {
    return e => e.systemRef;
  }
  return e => domains.get(e.systemRef) ?? NO_GROUP;
}

/**
 * Team, system and domain scorecards computed from the annotations the
 * catalog processor stamps, never a repository read.
 *
 * With a stamp table (see {@link StampTableAccess}), requests are answered
 * from it: the scorecards summed in the database, over the rows the caller
 * may read. Otherwise, or when only the catalog can tell what the caller
 * may read, from one projected catalog query (plus one for the systems'
 * domains), as follows.
 *
 * A scorecard only counts entities its reader may see. To know what that
 * is, each request asks the permission framework the question the catalog
 * asks for a list read: `catalog.entity.read` without a resource.
 *
 * - ALLOW: the caller sees the whole catalog, so the answer comes from the
 *   shared snapshot (the plugin's own read of every stamped entity, see
 *   {@link StampedSnapshot}), filtered in memory. With the permission
 *   framework off (`permission.enabled` false) every user is ALLOW, and
 *   services are ALLOW unless their access is restricted.
 * - CONDITIONAL (a policy that shows some entities only) or DENY: the
 *   catalog is read with the caller's credentials, so the catalog applies
 *   the policy's conditions; that read is kept per caller for the TTL.
 *
 * Without a shared snapshot (`mlPatterns.scorecards.sharedSnapshot: false`,
 * or a TTL of 0), every caller gets the per-caller read and no permission
 * question is asked.
 */
export class ScorecardService {
  /**
   * Each caller's read of the stamped entities, reused for a short time so
   * the dashboards' successive requests (a grouping switch, the drill-down,
   * the team card) share one catalog read. Keyed by caller: entries never
   * cross permission boundaries.
   */
  private readonly cache: TtlCache<StampedEntity[]> | undefined;

  private readonly shared:
    | { snapshot: StampedSnapshot; permissions: PermissionsService }
    | undefined;

  private readonly table: StampTableAccess | undefined;

  /**
   * @param options.cacheTtlMs - how long one caller's read of the stamped
   *   entities is reused (default 0: every request reads the catalog).
   * @param options.shared - the snapshot served to callers allowed to read
   *   the whole catalog, and the permission service that says who they are.
   * @param options.table - the stamp table, which answers first when it can.
   */
  constructor(
    private readonly catalog: CatalogService,
    options: {
      cacheTtlMs?: number;
      shared?: { snapshot: StampedSnapshot; permissions: PermissionsService };
      table?: StampTableAccess;
    } = {},
  ) {
    const ttl = options.cacheTtlMs ?? 0;
    this.cache = ttl > 0 ? new TtlCache(ttl, MAX_CACHED_READS) : undefined;
    this.shared = options.shared;
    this.table = options.table;
  }

  /**
   * How the stamp table answers the request, if it can. Once it does, the
   * shared snapshot is not needed until the table falls behind (a
   * stale table sends ALLOW callers back to it): its memory is let go.
   */
  private async tableAnswer(
    options: ScorecardFilter & {
      groupBy: ScorecardGroupBy;
      credentials: BackstageCredentials;
    },
  ): Promise<TableAnswer> {
    const answer = await this.table?.answer(options);
    if (answer) this.shared?.snapshot.release();
    return answer;
  }

  async scorecards(
    options: ScorecardFilter & {
      groupBy: ScorecardGroupBy;
      credentials: BackstageCredentials;
    },
  ): Promise<ScorecardsResponse> {
    const { table } = this;
    const answer = await this.tableAnswer(options);
    if (table && answer) {
      return {
        groupBy: options.groupBy,
        rows:
          'query' in answer
            ? await scorecardRowsFromTable(table.table.db, answer.query)
            : [],
      };
    }
    const { entities, groupOf } = await this.grouped(options, SCORECARD_FIELDS);
    return {
      groupBy: options.groupBy,
      rows: aggregateScorecards(entities, groupOf),
    };
  }

  /**
   * Every stamped entity as `credentials` may see it, with the domain of
   * each system, for the daily history: always a fresh read, never the
   * shared snapshot nor a cached one (history rows are written once).
   */
  async readForHistory(options: {
    credentials: BackstageCredentials;
  }): Promise<StampedSnapshotValue> {
    const entities = await readStampedEntities({
      catalog: this.catalog,
      fields: HISTORY_FIELDS,
      credentials: options.credentials,
    });
    const domains = await readDomainsOfSystems({
      catalog: this.catalog,
      entities,
      credentials: options.credentials,
    });
    return { entities, domains };
  }

  /**
   * Whether the caller may see at least one scored entity of the group
   * now: the same read, and the same answer, as the group's row in the
   * scorecards.
   */
  async groupVisible(options: {
    groupRef: string;
    groupBy: ScorecardGroupBy;
    credentials: BackstageCredentials;
  }): Promise<boolean> {
    const { table } = this;
    const answer = await this.tableAnswer(options);
    if (table && answer) {
      return (
        'query' in answer &&
        (
          await entitiesFromTable(table.table.db, {
            ...answer.query,
            groupRef: options.groupRef,
            limit: 1,
          })
        ).length > 0
      );
    }
    const { entities, groupOf } = await this.grouped(options, SCORECARD_FIELDS);
    return entities.some(e => groupOf(e) === options.groupRef);
  }

  async entities(
    options: ScorecardFilter & {
      groupRef: string;
      groupBy: ScorecardGroupBy;
      credentials: BackstageCredentials;
    },
  ): Promise<ScorecardEntitiesResponse> {
    const { table } = this;
    const answer = await this.tableAnswer(options);
    if (table && answer) {
      const rows =
        'query' in answer
          ? await entitiesFromTable(table.table.db, {
              ...answer.query,
              groupRef: options.groupRef,
            })
          : [];
      return {
        groupRef: options.groupRef,
        entities: rows.map(toScorecardEntity),
      };
    }
    const { entities, groupOf } = await this.grouped(
      options,
      DRILL_DOWN_FIELDS,
    );
    return {
      groupRef: options.groupRef,
      entities: entities
        .filter(e => groupOf(e) === options.groupRef)
        .sort(byEntityRef)
        .map(toScorecardEntity),
    };
  }

  /**
   * Every scored entity the caller may see under the filters, sorted by
   * ref, with its owner and system: the same read as the scorecards and
   * the drill-down, for listing across groups.
   */
  async list(
    options: EntityListFilter & { credentials: BackstageCredentials },
  ): Promise<ListedEntity[]> {
    const matches = matchesEntityList(options);
    const { table } = this;
    const answer = await this.tableAnswer({ ...options, groupBy: 'owner' });
    let entities: StampedEntity[];
    if (table && answer) {
      entities =
        'query' in answer
          ? await entitiesFromTable(table.table.db, answer.query)
          : [];
    } else {
      entities = (
        await this.grouped({ ...options, groupBy: 'owner' }, DRILL_DOWN_FIELDS)
      ).entities;
    }
    return entities
      .filter(matches)
      .sort(byEntityRef)
      .map(e => ({
        ...toScorecardEntity(e),
        owner: e.ownerRef,
        system: e.systemRef,
      }));
  }

  /** The stamped entities the caller may see under the filters, grouped. */
  private async grouped(
    options: ScorecardFilter & {
      groupBy: ScorecardGroupBy;
      credentials: BackstageCredentials;
    },
    fields: string[],
  ): Promise<Grouped> {
    const shared = this.shared;
    if (
      shared &&
      (await catalogReadDecision(shared.permissions, options.credentials)) ===
        AuthorizeResult.ALLOW
    ) {
      const snapshot = await shared.snapshot.get();
      return {
        entities: filterStamped(snapshot.entities, options),
        groupOf: groupingBy(options.groupBy, snapshot.domains),
      };
    }
    const entities = inSystem(
      await this.readStamped(options, fields, options.credentials),
      options.system,
    );
    // Domains as the caller sees the systems, only when grouping by them.
    const domains =
      options.groupBy === 'domain'
        ? await readDomainsOfSystems({
            catalog: this.catalog,
            entities,
            credentials: options.credentials,
          })
        : new Map<string, string>();
    return { entities, groupOf: groupingBy(options.groupBy, domains) };
  }

  /** The caller's own read of the stamped entities, cached per caller. */
  private async readStamped(
    filter: ScorecardFilter,
    fields: string[],
    credentials: BackstageCredentials,
  ): Promise<StampedEntity[]> {
    const caller = callerKey(credentials);
    const read = () =>
      readStampedEntities({
        catalog: this.catalog,
        kind: filter.kind,
        type: filter.type,
        fields,
        credentials,
      });
    if (!this.cache || !caller) {
      return read();
    }
    const key = JSON.stringify([
      caller,
      filter.kind ?? '',
      filter.type ?? '',
      fields,
    ]);
    return this.cache.getOrLoad(key, read);
  }
}

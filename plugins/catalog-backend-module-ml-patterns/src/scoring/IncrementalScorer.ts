import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityRole } from '@ml-patterns/plugin-ml-patterns-common';
import {
  EvidenceCache,
  MlPatternsRuleRegistry,
} from '@ml-patterns/plugin-ml-patterns-node';
import {
  CatalogLookups,
  EvidenceRead,
  MlPatternsScoring,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { readProcessingConfig } from '../config';
import { CatalogSliceIndex, VersionedLookups } from './CatalogSliceIndex';
import { entityKeyOf, roleKeyOf, ScoreMemo } from './ScoreMemo';

/**
 * Scores entities for the catalog processor, again only when something they
 * are scored from has changed. Other entities are looked up in an index of
 * the catalog's ML slice that follows every entity the processor sees, with
 * the service's own credentials (the processor stamps what the whole
 * catalog says); each SCM location is asked about at most once per
 * `mlPatterns.evidence.revalidateAfter`, to spare the integration's rate
 * limit.
 */
export class IncrementalScorer {
  static create(deps: {
    config: Config;
    logger: LoggerService;
    urlReader: UrlReaderService;
    catalog: CatalogService;
    auth: AuthService;
    /**
     * The rules to run: the built-in ones and those added through the
     * extension point. The built-in rules only when omitted.
     */
    registry?: MlPatternsRuleRegistry;
    /** The clock (waivers expire); the system's by default. */
    now?: () => Date;
  }): IncrementalScorer {
    const settings = readProcessingConfig(deps.config);
    const scoring = MlPatternsScoring.create({
      config: deps.config,
      logger: deps.logger,
      urlReader: deps.urlReader,
      catalog: deps.catalog,
      registry: deps.registry,
      scmReadSharingMs: settings.revalidateAfterMs,
      now: deps.now,
    });
    return new IncrementalScorer({
      scoring,
      auth: deps.auth,
      now: deps.now,
      index: new CatalogSliceIndex({
        catalog: deps.catalog,
        scope: scoring.scope,
        credentials: () => deps.auth.getOwnServiceCredentials(),
        logger: deps.logger,
        refreshMs: settings.indexRefreshMs,
        maxEntities: settings.maxIndexedEntities,
        now: deps.now && (() => deps.now!().getTime()),
      }),
    });
  }

  private readonly scoring: MlPatternsScoring;
  private readonly auth: AuthService;
  private readonly index: CatalogSliceIndex;
  private readonly now: () => Date;

  constructor(options: {
    scoring: MlPatternsScoring;
    auth: AuthService;
    index: CatalogSliceIndex;
    now?: () => Date;
  }) {
    this.now = options.now ?? (() => new Date(Date.now()));
    this.scoring = options.scoring;
    this.auth = options.auth;
    this.index = options.index;
  }

  /**
   * The ruleset version stamped with the summaries (see
   * `MlPatternsScoring.rulesetVersion`).
   */
  rulesetVersion(): string {
    return this.scoring.rulesetVersion();
  }

  /**
   * A cheap test that needs no I/O: can this entity be in scope at all?
   * Most of a catalog (users, groups, APIs, ordinary services' kinds) stops here.
   */
  mightBeInScope(entity: Entity): boolean {
    return this.scoring.mightBeInScope(entity);
  }

  /**
   * Tells the scorer the latest descriptor of an entity (the catalog
   * processor calls it for every entity it processes), so the scorer's
   * own view of other entities follows changes without asking the catalog.
   */
  observe(entity: Entity) {
    this.index.observe(entity);
  }

  /** The role the scorer would give the entity (one catalog question at most). */
  async roleOf(entity: Entity): Promise<EntityRole | undefined> {
    if (!this.mightBeInScope(entity)) return undefined;
    return (await this.scoring.resolve(entity, this.lookups())).role;
  }

  /**
   * The summary of the entity's report, from `memo` when nothing it was
   * computed from has changed: the entity's descriptor, everything the
   * index knows of related entities, and the evidence of its source
   * (revalidated as a new score would), and no waiver it applied has
   * expired since.
   *
   * @param options - `evidenceCache`: the entity's own copy of its evidence.
   */
  async summarize<T>(
    entity: Entity,
    memo: ScoreMemo<T>,
    options: { evidenceCache?: EvidenceCache } = {},
  ): Promise<T> {
    if (!this.mightBeInScope(entity)) {
      return memo.summarize(undefined);
    }
    const entityRef = stringifyEntityRef(entity);
    let indexed: VersionedLookups | undefined;
    try {
      indexed = await this.index.versionedLookups();
    } catch (error) {
      // The slice can't be read: scored with the lookup failure, as a
      // query that fails would be.
      memo.forget(entityRef);
      const failing = () => Promise.reject(error);
      const lookups = {
        byRefs: failing,
        dependentsOf: failing,
        groupMembers: failing,
      };
      return memo.summarize(
        (await this.scoring.assess(entity, lookups, options)).report,
      );
    }
    if (!indexed) {
      // The slice is too large to index: nothing to tell a change by.
      memo.forget(entityRef);
      const lookups = await this.ownQueries();
      return memo.summarize(
        (await this.scoring.assess(entity, lookups, options)).report,
      );
    }
    const remembered = memo.get(entityRef);
    const prior = remembered?.inputs;
    // An entity remembered without a report is told unchanged by the few
    // fields its role depends on; any other by its whole descriptor.
    const keyOf = (roleOnly: boolean | undefined) =>
      roleOnly ? roleKeyOf(entity) : entityKeyOf(entity);
    const entityKey = keyOf(prior?.roleOnly);
    let preread: EvidenceRead | undefined;
    if (
      remembered &&
      prior &&
      prior.version === indexed.version &&
      prior.entityKey === entityKey &&
      // A waiver it applied has expired since: the same inputs score anew.
      !(
        prior.reusableUntil !== undefined &&
        this.now().getTime() >= prior.reusableUntil
      )
    ) {
      // Same descriptor (or, without a report, the same role inputs) and
      // same related entities: same role, facts and source. Only the
      // evidence can have changed.
      if (!prior.location) {
        return remembered.value;
      }
      preread = {
        location: prior.location,
        evidence: await this.scoring.readEvidence(
          entityRef,
          prior.location,
          options.evidenceCache,
        ),
      };
      if (preread.evidence === prior.evidence) {
        return remembered.value;
      }
    }
    const assessed = await this.scoring.assess(entity, indexed.lookups, {
      ...options,
      preread,
    });
    const value = memo.summarize(assessed.report);
    // An answer that rested on a related entity being absent holds only
    // while the catalog's word on that does.
    const reusableUntil = earliest(
      assessed.reusableUntil?.getTime(),
      indexed.absentUntil(),
    );
    if (assessed.reusable) {
      const roleOnly = assessed.report === undefined;
      memo.set(
        entityRef,
        {
          version: indexed.version,
          entityKey:
            roleOnly === Boolean(prior?.roleOnly) ? entityKey : keyOf(roleOnly),
          roleOnly,
          location: assessed.location,
          evidence: assessed.evidence,
          reusableUntil,
        },
        value,
      );
    } else {
      memo.forget(entityRef);
    }
    return value;
  }

  /**
   * Other entities as the processor sees them: from the index of the
   * catalog's ML slice, or by queries when the slice is too large to
   * index. Nothing is asked until a question is.
   */
  private lookups(): CatalogLookups {
    const choose = async (): Promise<CatalogLookups> =>
      (await this.index.lookups()) ?? (await this.ownQueries());
    let chosen: Promise<CatalogLookups> | undefined;
    const get = () => (chosen ??= choose());
    return {
      byRefs: async refs => (await get()).byRefs(refs),
      dependentsOf: async ref => (await get()).dependentsOf(ref),
      groupMembers: async keys => (await get()).groupMembers(keys),
    };
  }

  /** Catalog queries with the service's own credentials. */
  private async ownQueries(): Promise<CatalogLookups> {
    return this.scoring.queryLookups(
      await this.auth.getOwnServiceCredentials(),
    );
  }
}

function earliest(
  a: number | undefined,
  b: number | undefined,
): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

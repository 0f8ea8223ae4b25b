import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { isError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityReport,
  EntityRole,
  INPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import { readMlPatternsConfig } from '../config';
import { evaluateEntity } from '../engine/evaluateEntity';
import { rulesetVersionOf } from '../engine/rulesetVersion';
import { resolveRole } from '../engine/role';
import { MlPatternsRuleRegistry } from '../engine/MlPatternsRuleRegistry';
import { EngineOptions, MlPatternsRule, RelatedFacts } from '../engine/types';
import {
  RepositoryEvidenceReader,
  RepositoryEvidenceReadResult,
  SourceLocation,
} from '../evidence/read';
import { RepositoryEvidence, unavailableEvidence } from '../evidence/types';
import { CatalogLookups } from './CatalogLookups';
import { CatalogRelatedFacts } from './CatalogRelatedFacts';
import { CatalogSliceIndex } from './CatalogSliceIndex';
import { QueryCatalogLookups } from './QueryCatalogLookups';
import { compactEvidence, EvidenceCache } from './EvidenceCache';
import { sourceIsOnlySharedDescriptor } from './sharedDescriptor';
import { KnownEvidence } from './KnownEvidence';
import { TtlCache } from './TtlCache';
import { setNewest } from './setNewest';
import { entityKeyOf, roleKeyOf, ScoreMemo } from './ScoreMemo';

/** Evidence already read for a location. */
interface ReadEvidence {
  location: SourceLocation;
  evidence: RepositoryEvidence;
}

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return (
    a.type === b.type &&
    a.target === b.target &&
    a.repositoryRoot === b.repositoryRoot &&
    a.catalogFolder === b.catalogFolder
  );
}

/**
 * How long the outcome of reading a location (revalidation or download) is
 * shared by the entities that read the same location with the same ETag:
 * the services and models of a repository ask GitHub once per processing
 * cycle, not once each. A push is noticed at most this much later.
 */
const READ_SHARING_MS = 15_000;

/**
 * Default of `mlPatterns.evidence.revalidateAfter`: how long the catalog
 * processor reuses the outcome of reading an SCM location before asking the
 * SCM again. Each ask is an API call counted against the integration's rate
 * limit (GitHub: 5,000 an hour per token), and in production the entities
 * of a repository are processed spread over the whole processing interval,
 * so without it every entity would cost a call every cycle.
 */
const DEFAULT_REVALIDATE_AFTER_MS = 5 * 60_000;

/**
 * How long the answers of catalog queries about other entities are reused
 * for one caller (reports): a catalog change reaches them at most this
 * much later.
 */
const LOOKUP_CACHE_MS = 15_000;

/**
 * Default of `mlPatterns.processing.indexRefresh`. The processor takes in
 * every entity it processes as it goes; the full read is for what it does
 * not see (other replicas' work, deletions), and costs the catalog a read
 * of every entity of the slice, so it is made as rarely as SCM
 * revalidations: both bound how late a change reaches related verdicts.
 */
const DEFAULT_INDEX_REFRESH_MS = 5 * 60_000;

/**
 * Default of `mlPatterns.evidence.maxStaleAge`: long enough to ride out an
 * SCM outage or a spent rate limit over a weekend, short enough that a
 * repository nobody can read any more stops showing an old grade.
 */
const DEFAULT_MAX_STALE_AGE_MS = 3 * 24 * 60 * 60_000;

/** Locations whose last confirmation time is remembered. */
const MAX_CONFIRMED_LOCATIONS = 5_000;

/** Default of `mlPatterns.processing.maxIndexedEntities`. */
const DEFAULT_MAX_INDEXED_ENTITIES = 50_000;

function optionalDurationMs(config: Config, key: string): number | undefined {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : undefined;
}

/**
 * Options of {@link MlPatternsScorer.score}.
 *
 * @public
 */
export interface ScoreOptions {
  /** Whose view of the catalog to use; the scorer's own service credentials by default. */
  credentials?: BackstageCredentials;
  /** Where to keep evidence and ETags between reads. */
  evidenceCache?: EvidenceCache;
}

/**
 * Scores catalog entities: decides their role, gathers cross-entity facts
 * from the catalog and evidence from their source folder, and runs the
 * engine. Shared by the catalog processor (which stamps the summary) and
 * the backend plugin (which serves the full report).
 *
 * @public
 */
export class MlPatternsScorer {
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
  }): MlPatternsScorer {
    const rules = (
      deps.registry ?? MlPatternsRuleRegistry.withBuiltInRules()
    ).rules();
    const { engine, scope } = readMlPatternsConfig(deps.config, {
      ruleIds: rules.map(rule => rule.id),
    });
    return new MlPatternsScorer({
      logger: deps.logger,
      auth: deps.auth,
      scope,
      engineOptions: engine,
      rules,
      related: new CatalogRelatedFacts(scope, deps.logger),
      queries: new QueryCatalogLookups(deps.catalog, LOOKUP_CACHE_MS),
      revalidateAfterMs: optionalDurationMs(
        deps.config,
        'mlPatterns.evidence.revalidateAfter',
      ),
      maxStaleAgeMs: optionalDurationMs(
        deps.config,
        'mlPatterns.evidence.maxStaleAge',
      ),
      index: new CatalogSliceIndex({
        catalog: deps.catalog,
        scope,
        credentials: () => deps.auth.getOwnServiceCredentials(),
        logger: deps.logger,
        refreshMs:
          optionalDurationMs(
            deps.config,
            'mlPatterns.processing.indexRefresh',
          ) ?? DEFAULT_INDEX_REFRESH_MS,
        maxEntities:
          deps.config.getOptionalNumber(
            'mlPatterns.processing.maxIndexedEntities',
          ) ?? DEFAULT_MAX_INDEXED_ENTITIES,
      }),
      reader: RepositoryEvidenceReader.fromConfig(deps.config, {
        reader: deps.urlReader,
        logger: deps.logger,
      }),
    });
  }

  private readonly logger: LoggerService;
  private readonly auth: AuthService;
  private readonly scope: ScopeConfig;
  private readonly engineOptions: EngineOptions;
  private readonly allRules: MlPatternsRule[];
  private readonly related: CatalogRelatedFacts;
  private readonly queries: QueryCatalogLookups;
  private readonly index: CatalogSliceIndex | undefined;
  private readonly reader: RepositoryEvidenceReader;
  /** Read outcomes shared by reports, and by everyone for local folders. */
  private readonly reads = new TtlCache<RepositoryEvidenceReadResult>(
    READ_SHARING_MS,
    1_000,
  );
  /** Read outcomes of SCM locations shared by the catalog processor. */
  private readonly processorReads: TtlCache<RepositoryEvidenceReadResult>;
  /** The processor's latest evidence of each SCM location. */
  private readonly known = new KnownEvidence();
  /**
   * The latest evidence reports read of each location: a report
   * revalidates it (a conditional request) instead of downloading again.
   */
  private readonly reportKnown = new KnownEvidence();
  /** When each location's evidence was last read or confirmed unchanged. */
  private readonly confirmedAt = new Map<string, number>();
  /** Stale copies handed out, one per evidence object, so an unchanged outage scores once. */
  private readonly staleCopies = new WeakMap<
    RepositoryEvidence,
    RepositoryEvidence
  >();
  private readonly maxStaleAgeMs: number;
  private readonly now: () => number;
  private readonly scopedKinds: Set<string>;

  constructor(options: {
    logger: LoggerService;
    auth: AuthService;
    scope: ScopeConfig;
    engineOptions: EngineOptions;
    rules: MlPatternsRule[];
    related: CatalogRelatedFacts;
    queries: QueryCatalogLookups;
    /** See `mlPatterns.evidence.revalidateAfter`; 5 minutes by default. */
    revalidateAfterMs?: number;
    /** See `mlPatterns.evidence.maxStaleAge`; 3 days by default. */
    maxStaleAgeMs?: number;
    /** The clock (tests). */
    now?: () => number;
    /** Answers the scorer's own lookups; without it they are queries too. */
    index?: CatalogSliceIndex;
    reader: RepositoryEvidenceReader;
  }) {
    this.logger = options.logger;
    this.auth = options.auth;
    this.scope = options.scope;
    this.engineOptions = options.engineOptions;
    this.allRules = options.rules;
    this.related = options.related;
    this.queries = options.queries;
    this.processorReads = new TtlCache(
      options.revalidateAfterMs ?? DEFAULT_REVALIDATE_AFTER_MS,
      2_000,
    );
    this.index = options.index;
    this.reader = options.reader;
    this.maxStaleAgeMs = options.maxStaleAgeMs ?? DEFAULT_MAX_STALE_AGE_MS;
    this.now = options.now ?? Date.now;
    this.scopedKinds = new Set(
      Object.values(this.scope).flatMap(entries =>
        entries.map(e => e.kind.toLocaleLowerCase('en-US')),
      ),
    );
  }

  /** Every rule the scorer runs (disabled ones included; see `isEnabled`). */
  rules(): MlPatternsRule[] {
    return this.allRules;
  }

  isEnabled(ruleId: string): boolean {
    return !this.engineOptions.disabled?.includes(ruleId);
  }

  /**
   * The ruleset version the scorer stamps: `1` for the built-in rules as
   * shipped, `1+<fingerprint>` with added, disabled or re-weighted rules
   * or other grade bands.
   */
  rulesetVersion(): string {
    const enabled = this.allRules
      .map(rule => rule.id)
      .filter(id => this.isEnabled(id));
    return rulesetVersionOf(
      enabled,
      id => this.weightOf(id) ?? 0,
      this.engineOptions.gradeBands,
    );
  }

  /** A rule's weight in the score: `mlPatterns.rules[].weight`, else the rule's own. */
  weightOf(ruleId: string): number | undefined {
    const configured = this.engineOptions.weights?.[ruleId];
    if (configured !== undefined) {
      return configured;
    }
    return this.allRules.find(rule => rule.id === ruleId)?.weight;
  }

  /**
   * Tells the scorer the latest descriptor of an entity (the catalog
   * processor calls it for every entity it processes), so the scorer's
   * own view of other entities follows changes without asking the catalog.
   */
  observe(entity: Entity) {
    this.index?.observe(entity);
  }

  /**
   * A cheap test that needs no I/O: can this entity be in scope at all?
   * Most of a catalog (users, groups, APIs, ordinary services' kinds) stops here.
   */
  mightBeInScope(entity: Entity): boolean {
    if (entity.metadata.annotations?.[INPUT_ANNOTATIONS.scope]) {
      return true;
    }
    return this.scopedKinds.has(entity.kind.toLocaleLowerCase('en-US'));
  }

  /**
   * The full report of an in-scope entity, or undefined when the entity is
   * out of scope (or a dataset, which has no checks of its own).
   */
  async score(
    entity: Entity,
    options: ScoreOptions = {},
  ): Promise<EntityReport | undefined> {
    if (!this.mightBeInScope(entity)) {
      return undefined;
    }
    const lookups = this.lookupsFor(options.credentials);
    return (await this.assess(entity, lookups, options)).report;
  }

  /**
   * The summary of the entity's report, from `memo` when nothing it was
   * computed from has changed: the entity's descriptor, everything the
   * scorer's index knows of related entities, and the evidence of its
   * source (revalidated as `score` would). For the catalog processor: the
   * scorer's own view of the catalog, never a caller's.
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
    let indexed: Awaited<ReturnType<CatalogSliceIndex['versionedLookups']>>;
    try {
      indexed = await this.index?.versionedLookups();
    } catch (error) {
      // The slice can't be read: scored with the lookup failure, as `score` would.
      memo.forget(entityRef);
      const failing = () => Promise.reject(error);
      const lookups = {
        byRefs: failing,
        dependentsOf: failing,
        groupMembers: failing,
      };
      return memo.summarize(
        (await this.assess(entity, lookups, options)).report,
      );
    }
    if (!indexed) {
      // No index (none, or the slice is too large): nothing to tell a change by.
      memo.forget(entityRef);
      return memo.summarize(await this.score(entity, options));
    }
    const remembered = memo.get(entityRef);
    const prior = remembered?.inputs;
    // An entity remembered without a report is told unchanged by the few
    // fields its role depends on; any other by its whole descriptor.
    const keyOf = (roleOnly: boolean | undefined) =>
      roleOnly ? roleKeyOf(entity) : entityKeyOf(entity);
    const entityKey = keyOf(prior?.roleOnly);
    let preread: ReadEvidence | undefined;
    if (
      remembered &&
      prior &&
      prior.version === indexed.version &&
      prior.entityKey === entityKey
    ) {
      // Same descriptor (or, without a report, the same role inputs) and
      // same related entities: same role, facts and source. Only the
      // evidence can have changed.
      if (!prior.location) {
        return remembered.value;
      }
      preread = {
        location: prior.location,
        evidence: await this.readEvidence(
          entityRef,
          prior.location,
          options.evidenceCache,
          this.sharingFor(prior.location, undefined),
        ),
      };
      if (preread.evidence === prior.evidence) {
        return remembered.value;
      }
    }
    const assessed = await this.assess(
      entity,
      indexed.lookups,
      options,
      preread,
    );
    const value = memo.summarize(assessed.report);
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
        },
        value,
      );
    } else {
      memo.forget(entityRef);
    }
    return value;
  }

  /**
   * Role, related facts, evidence and report of an in-scope entity.
   * `reusable` says whether the report may be reused while its inputs are
   * unchanged: not when a catalog lookup failed (it is retried).
   */
  private async assess(
    entity: Entity,
    lookups: CatalogLookups,
    options: ScoreOptions,
    preread?: ReadEvidence,
  ): Promise<{
    report?: EntityReport;
    location?: SourceLocation;
    evidence?: RepositoryEvidence;
    reusable: boolean;
  }> {
    const entityRef = stringifyEntityRef(entity);
    const { dependencies, lookupProblem, role } = await this.resolve(
      entity,
      lookups,
    );
    if (lookupProblem) {
      this.logger.warn(`ml-patterns: ${entityRef}: ${lookupProblem}`);
    }
    if (!role || role === 'dataset') {
      return { reusable: !lookupProblem };
    }

    const related: RelatedFacts = lookupProblem
      ? {
          status: 'unavailable' as const,
          reason: lookupProblem,
          servedModels: [],
          servingUnits: [],
          serverGroupPeers: [],
          datasets: [],
          codeEntities: [],
        }
      : await this.related.gather(entity, role, dependencies, lookups);

    const location = this.sourceOf(entity, role, dependencies);
    let evidence: RepositoryEvidence | undefined;
    if (location && preread && sameLocation(location, preread.location)) {
      evidence = preread.evidence;
    } else if (location) {
      evidence = await this.readEvidence(
        entityRef,
        location,
        options.evidenceCache,
        this.sharingFor(location, options.credentials),
      );
    }

    const report = evaluateEntity(
      { entity, role, related, evidence },
      this.allRules,
      this.engineOptions,
    );
    return {
      report,
      location,
      evidence,
      reusable: !lookupProblem && related.status === 'ok',
    };
  }

  /**
   * Whose read outcomes a read joins: the processor (no caller
   * credentials) spares the SCM's rate limit; reports and local folders
   * are read fresh.
   */
  private sharingFor(
    location: SourceLocation,
    credentials: BackstageCredentials | undefined,
  ): TtlCache<RepositoryEvidenceReadResult> {
    return !credentials && location.type === 'url'
      ? this.processorReads
      : this.reads;
  }

  /** The role the scorer would give the entity (one catalog query at most). */
  async roleOf(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<EntityRole | undefined> {
    if (!this.mightBeInScope(entity)) return undefined;
    return (await this.resolve(entity, this.lookupsFor(credentials))).role;
  }

  /**
   * Where `score` reads the entity's repository evidence from, without
   * reading it or gathering the other related facts (one catalog query at
   * most). Undefined when out of scope or without a source.
   */
  async evidenceLocation(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<SourceLocation | undefined> {
    if (!this.mightBeInScope(entity)) return undefined;
    const { dependencies, role } = await this.resolve(
      entity,
      this.lookupsFor(credentials),
    );
    if (!role || role === 'dataset') return undefined;
    return this.sourceOf(entity, role, dependencies);
  }

  /**
   * How a caller's questions about other entities are answered: the
   * scorer's own (the catalog processor's) from the index of the catalog's
   * ML slice, anyone else's by queries with their credentials. Nothing is
   * asked until a question is.
   */
  private lookupsFor(credentials?: BackstageCredentials): CatalogLookups {
    const choose = async (): Promise<CatalogLookups> => {
      if (credentials) {
        return this.queries.forCaller(credentials);
      }
      const indexed = await this.index?.lookups();
      return (
        indexed ??
        this.queries.forCaller(await this.auth.getOwnServiceCredentials())
      );
    };
    let chosen: Promise<CatalogLookups> | undefined;
    const get = () => (chosen ??= choose());
    return {
      byRefs: async refs => (await get()).byRefs(refs),
      dependentsOf: async ref => (await get()).dependentsOf(ref),
      groupMembers: async keys => (await get()).groupMembers(keys),
    };
  }

  /**
   * The entity's dependencies (one catalog question) and the role they give
   * it; a failed lookup gives no dependencies and its reason (not logged here).
   */
  private async resolve(
    entity: Entity,
    lookups: CatalogLookups,
  ): Promise<{
    dependencies: Entity[];
    lookupProblem?: string;
    role: EntityRole | undefined;
  }> {
    let dependencies: Entity[] = [];
    let lookupProblem: string | undefined;
    try {
      dependencies = await this.related.dependencies(entity, lookups);
    } catch (error) {
      lookupProblem = `catalog lookup failed: ${(error as Error).message}`;
    }
    const role = resolveRole(entity, this.scope, {
      dependsOnMl: dependencies.some(d => this.related.isMl(d)),
    });
    return { dependencies, lookupProblem, role };
  }

  /**
   * The folder to read: the entity's own source, or for a model without
   * one, the source of the training repository it depends on (where its
   * code is).
   */
  private sourceOf(
    entity: Entity,
    role: EntityRole,
    dependencies: Entity[],
  ): SourceLocation | undefined {
    if (!sourceIsOnlySharedDescriptor(entity)) {
      const own = this.reader.locate(entity);
      if (own) return own;
    }
    if (role !== 'model') {
      return undefined;
    }
    for (const dependency of dependencies) {
      // The code entities of a model (RelatedFacts.codeEntities): the
      // Components it depends on.
      if (
        dependency.kind.toLocaleLowerCase('en-US') === 'component' &&
        !sourceIsOnlySharedDescriptor(dependency)
      ) {
        const location = this.reader.locate(dependency);
        if (location) return location;
      }
    }
    return undefined;
  }

  private async readEvidence(
    entityRef: string,
    location: SourceLocation,
    cache: EvidenceCache | undefined,
    sharing: TtlCache<RepositoryEvidenceReadResult>,
  ): Promise<RepositoryEvidence> {
    const locationRef = `${location.type}:${location.target}`;
    // A local folder is read confined to the repository of the catalog
    // file naming it: reads of one folder for different catalog files are
    // not the same read.
    const readKey =
      location.type === 'url'
        ? locationRef
        : `${locationRef}\n${location.repositoryRoot ?? ''}\n${
            location.catalogFolder ?? ''
          }`;
    // Processor and reports each revalidate the latest copy they know of a
    // SCM location; local folders are read fresh (no ETags to spare).
    let known: KnownEvidence | undefined;
    if (location.type === 'url') {
      known = sharing === this.processorReads ? this.known : this.reportKnown;
    }
    try {
      const own = await cache?.get(locationRef);
      if (own) known?.remember(own, { onlyIfUnknown: true });
      // Without a copy of its own, an entity revalidates the latest one
      // another entity of the same location holds.
      const cached = own ?? known?.get(locationRef);
      const etag = cached?.etag;
      const result = await sharing.getOrLoad(
        `${readKey}\n${etag ?? ''}`,
        async () => {
          const read = await this.reader.read(location, { etag });
          if (read.notModified) {
            return read;
          }
          if (read.etag) {
            // The location is now known to be at this ETag: entities that
            // hold it need not ask again within the interval either.
            sharing.prime(`${readKey}\n${read.etag}`, {
              notModified: true,
            });
          }
          const evidence = compactEvidence(read.evidence);
          if (evidence.status === 'ok') {
            evidence.readAt = new Date(this.now()).toISOString();
          }
          return { ...read, evidence };
        },
      );
      if (result.notModified && cached) {
        this.confirm(locationRef);
        known?.remember(cached);
        if (!own && cache) await cache.set(cached);
        return cached.evidence;
      }
      if (result.notModified) {
        // An ETag without cached evidence cannot happen; read again in full.
        const fresh = await this.reader.read(location);
        return fresh.notModified
          ? unavailableEvidence(
              'repository unchanged but no cached evidence',
              locationRef,
            )
          : fresh.evidence;
      }
      const evidence = result.evidence; // compacted when read
      if (result.transient && cached && cached.evidence.status === 'ok') {
        return this.staleOrUnavailable(cached.evidence, evidence, locationRef);
      }
      if (evidence.status === 'ok') this.confirm(locationRef);
      if (result.etag) {
        const read = { location: locationRef, etag: result.etag, evidence };
        known?.remember(read);
        if (cache) await cache.set(read);
      }
      return evidence;
    } catch (error) {
      this.logger.warn(
        `ml-patterns: ${entityRef}: reading ${locationRef} failed: ${stringifyError(
          error,
        )}`,
      );
      return unavailableEvidence(
        `could not read ${locationRef}: ${
          isError(error) ? error.message : String(error)
        }`,
        locationRef,
      );
    }
  }

  private confirm(locationRef: string) {
    setNewest(
      this.confirmedAt,
      locationRef,
      this.now(),
      MAX_CONFIRMED_LOCATIONS,
    );
  }

  /**
   * The last good evidence of a location whose latest read failed for a
   * reason that may pass, marked stale; past `maxStaleAge` since it was
   * last read or confirmed, the failure itself (not scored).
   */
  private staleOrUnavailable(
    good: RepositoryEvidence,
    failed: RepositoryEvidence,
    locationRef: string,
  ): RepositoryEvidence {
    const reason = failed.reason ?? 'the repository could not be read';
    let since = this.confirmedAt.get(locationRef);
    if (since === undefined) {
      const readAt = good.readAt ? Date.parse(good.readAt) : NaN;
      // Evidence without a read time: its age counts from this failure.
      since = Number.isNaN(readAt) ? this.now() : readAt;
      this.confirmedAt.set(locationRef, since);
    }
    if (this.now() - since > this.maxStaleAgeMs) {
      return unavailableEvidence(
        `${reason} (the last good read, ${new Date(
          since,
        ).toISOString()}, is older than the maximum age of stale evidence)`,
        locationRef,
      );
    }
    const readAt = new Date(since).toISOString();
    const copy = this.staleCopies.get(good);
    if (copy?.stale?.reason === reason && copy.stale.readAt === readAt) {
      return copy;
    }
    const stale = { ...good, stale: { reason, readAt } };
    this.staleCopies.set(good, stale);
    return stale;
  }
}

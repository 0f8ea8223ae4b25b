import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  EntityReport,
  EntityRole,
  INPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
// The public types this alpha API uses are imported by the package's name,
// as its users import them.
import type {
  EvidenceCache,
  MlPatternsReportScorer,
  MlPatternsRule,
  RelatedFacts,
  RepositoryEvidence,
  SourceLocation,
} from '@ml-patterns/plugin-ml-patterns-node';
import { readMaxStaleAgeMs, readMlPatternsConfig } from '../config';
import { evaluateEntity } from '../engine/evaluateEntity';
import { noRelatedFacts } from '../engine/noRelatedFacts';
import { builtInRules } from '../engine/rules';
import { rulesetVersionOf } from '../engine/rulesetVersion';
import { resolveRole } from '../engine/role';
import { EngineOptions } from '../engine/types';
import { firstWaiverExpiry } from '../engine/waivers';
import { RepositoryEvidenceReader } from '../evidence/read';
import { CatalogLookups } from './CatalogLookups';
import { CatalogRelatedFacts } from './CatalogRelatedFacts';
import { EvidenceReads } from './EvidenceReads';
import { QueryCatalogLookups } from './QueryCatalogLookups';
import { sourceIsOnlySharedDescriptor } from './sharedDescriptor';

/**
 * How long the answers of catalog queries about other entities are reused
 * for one caller: a catalog change reaches them at most this much later.
 */
const LOOKUP_CACHE_MS = 15_000;

/**
 * An entity's dependencies and the role they give it.
 *
 * @alpha
 */
export interface ResolvedEntity {
  /** The entities in its `spec.dependsOn` that exist and can be seen. */
  dependencies: Entity[];
  /** Whether one of them is a model or a dataset. */
  dependsOnMl: boolean;
  /** Its role; undefined when it is out of scope. */
  role: EntityRole | undefined;
  /** Why its dependencies could not be looked up (there are none then). */
  lookupProblem?: string;
}

/**
 * Evidence already read from a location.
 *
 * @alpha
 */
export interface EvidenceRead {
  location: SourceLocation;
  evidence: RepositoryEvidence;
}

/**
 * What scoring an in-scope entity gave.
 *
 * @alpha
 */
export interface EntityAssessment {
  /** The report; undefined for a dataset (no checks of its own) or an entity out of scope. */
  report?: EntityReport;
  /** Where its evidence was read from, if anywhere. */
  location?: SourceLocation;
  /** The evidence it was scored with, if any. */
  evidence?: RepositoryEvidence;
  /**
   * Whether the report may be reused while its inputs are unchanged: not
   * when a catalog lookup failed (it is retried).
   */
  reusable: boolean;
  /**
   * When a waiver the report applies expires: from then on the same
   * inputs give another report.
   */
  reusableUntil?: Date;
}

/**
 * The steps of scoring one entity, shared by the report-time scorer
 * (`MlPatternsReportScorer`) and the catalog processor: decide its role,
 * gather cross-entity facts from the catalog (through the lookups the
 * caller hands in), read the evidence of its source folder and run the
 * engine.
 *
 * @alpha
 */
export class MlPatternsScoring {
  /**
   * Scoring with the settings of the `mlPatterns` config.
   *
   * @param deps - what `MlPatternsReportScorer.create` takes (`registry`:
   *   the rules to run, the built-in ones when omitted), and
   *   `scmReadSharingMs`: how long the outcome of reading an SCM
   *   location (a download or a revalidation of its ETag) is shared by the
   *   entities that read it; each read is an API call against the
   *   integration's rate limit, and a push is seen at most this much later.
   */
  static create(
    deps: Parameters<typeof MlPatternsReportScorer.create>[0] & {
      scmReadSharingMs: number;
      /** The clock (waivers expire, stale evidence ages); the system's by default. */
      now?: () => Date;
    },
  ): MlPatternsScoring {
    const rules = deps.registry?.rules() ?? builtInRules;
    const { engine, scope } = readMlPatternsConfig(deps.config, {
      ruleIds: rules.map(rule => rule.id),
    });
    return new MlPatternsScoring({
      logger: deps.logger,
      scope,
      engineOptions: engine,
      rules,
      related: new CatalogRelatedFacts(scope, deps.logger),
      queries: new QueryCatalogLookups(deps.catalog, LOOKUP_CACHE_MS),
      reader: RepositoryEvidenceReader.fromConfig(deps.config, {
        reader: deps.urlReader,
        logger: deps.logger,
      }),
      scmReadSharingMs: deps.scmReadSharingMs,
      maxStaleAgeMs: readMaxStaleAgeMs(deps.config),
      now: deps.now ?? (() => new Date(Date.now())),
    });
  }

  /** Which entities get which role (`mlPatterns.scope`). */
  readonly scope: ScopeConfig;
  private readonly logger: LoggerService;
  private readonly engineOptions: EngineOptions;
  private readonly allRules: MlPatternsRule[];
  private readonly related: CatalogRelatedFacts;
  private readonly queries: QueryCatalogLookups;
  private readonly reader: RepositoryEvidenceReader;
  private readonly reads: EvidenceReads;
  private readonly scopedKinds: Set<string>;
  private readonly now: () => Date;

  private constructor(options: {
    logger: LoggerService;
    scope: ScopeConfig;
    engineOptions: EngineOptions;
    rules: MlPatternsRule[];
    related: CatalogRelatedFacts;
    queries: QueryCatalogLookups;
    reader: RepositoryEvidenceReader;
    scmReadSharingMs: number;
    maxStaleAgeMs: number;
    now: () => Date;
  }) {
    this.now = options.now;
    this.logger = options.logger;
    this.scope = options.scope;
    this.engineOptions = options.engineOptions;
    this.allRules = options.rules;
    this.related = options.related;
    this.queries = options.queries;
    this.reader = options.reader;
    this.reads = new EvidenceReads({
      reader: options.reader,
      logger: options.logger,
      scmSharingMs: options.scmReadSharingMs,
      maxStaleAgeMs: options.maxStaleAgeMs,
      now: () => this.now().getTime(),
    });
    this.scopedKinds = new Set(
      Object.values(this.scope).flatMap(entries =>
        entries.map(e => e.kind.toLocaleLowerCase('en-US')),
      ),
    );
  }

  /** Every rule that runs (disabled ones included; see `isEnabled`). */
  rules(): MlPatternsRule[] {
    return this.allRules;
  }

  /** Whether a rule is switched on (`mlPatterns.rules[].enabled`). */
  isEnabled(ruleId: string): boolean {
    return !this.engineOptions.disabled?.includes(ruleId);
  }

  /**
   * The ruleset version stamped with the reports: `RULESET_VERSION` for the built-in
   * rules as shipped, `RULESET_VERSION+<fingerprint>` with added, disabled or re-weighted
   * rules or other grade bands.
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
   * Cross-entity lookups as catalog queries made with `credentials`, each
   * answer cached for a short time for the same caller only: what a
   * report for a user needs.
   */
  queryLookups(credentials: BackstageCredentials): CatalogLookups {
    return this.queries.forCaller(credentials);
  }

  /**
   * The entity's dependencies (one catalog question) and the role they give
   * it; a failed lookup gives no dependencies and its reason (not logged here).
   */
  async resolve(
    entity: Entity,
    lookups: CatalogLookups,
  ): Promise<ResolvedEntity> {
    let dependencies: Entity[] = [];
    let lookupProblem: string | undefined;
    try {
      dependencies = await this.related.dependencies(entity, lookups);
    } catch (error) {
      lookupProblem = `catalog lookup failed: ${
        isError(error) ? error.message : String(error)
      }`;
    }
    const dependsOnMl = dependencies.some(d => this.related.isMl(d));
    const role = resolveRole(entity, this.scope, { dependsOnMl });
    return { dependencies, dependsOnMl, lookupProblem, role };
  }

  /**
   * The cross-entity facts of an entity whose role and dependencies are
   * known. Catalog errors give `status: 'unavailable'`, never an exception.
   */
  relatedFacts(
    entity: Entity,
    role: EntityRole,
    dependencies: Entity[],
    lookups: CatalogLookups,
  ): Promise<RelatedFacts> {
    return this.related.gather(entity, role, dependencies, lookups);
  }

  /**
   * The folder to read: the entity's own source, or for a model without
   * one, the source of the training repository it depends on (where its
   * code is).
   */
  sourceOf(
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

  /**
   * Role, related facts, evidence and report of an entity that might be in
   * scope (see `mightBeInScope`).
   *
   * @param options - `evidenceCache`: the entity's own copy of its
   *   evidence, revalidated first and updated with what is read.
   *   `preread`: evidence already read, used when the entity's source is
   *   that location. `now`: when the entity is evaluated (waivers expire),
   *   the scoring's clock when omitted.
   */
  async assess(
    entity: Entity,
    lookups: CatalogLookups,
    options: {
      evidenceCache?: EvidenceCache;
      preread?: EvidenceRead;
      now?: Date;
    } = {},
  ): Promise<EntityAssessment> {
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
      ? noRelatedFacts(lookupProblem)
      : await this.relatedFacts(entity, role, dependencies, lookups);

    const location = this.sourceOf(entity, role, dependencies);
    const { preread } = options;
    let evidence: RepositoryEvidence | undefined;
    if (location && preread && sameLocation(location, preread.location)) {
      evidence = preread.evidence;
    } else if (location) {
      evidence = await this.readEvidence(
        entityRef,
        location,
        options.evidenceCache,
      );
    }

    const report = evaluateEntity(
      { entity, role, related, evidence, now: options.now ?? this.now() },
      this.allRules,
      this.engineOptions,
    );
    return {
      report,
      location,
      evidence,
      reusable: !lookupProblem && related.status === 'ok',
      reusableUntil: firstWaiverExpiry(report.waivers),
    };
  }

  /**
   * The evidence at `location` for the entity `entityRef`: a location read
   * before is revalidated, not downloaded again; the last good evidence is
   * used, marked stale, while reading fails for a reason that may pass.
   */
  readEvidence(
    entityRef: string,
    location: SourceLocation,
    evidenceCache?: EvidenceCache,
  ): Promise<RepositoryEvidence> {
    return this.reads.read(entityRef, location, evidenceCache);
  }
}

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return (
    a.type === b.type &&
    a.target === b.target &&
    a.repositoryRoot === b.repositoryRoot &&
    a.catalogFolder === b.catalogFolder
  );
}

import {
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityReport } from '@ml-patterns/plugin-ml-patterns-common';
import { MlPatternsRuleRegistry } from '../engine/MlPatternsRuleRegistry';
import { MlPatternsRule } from '../engine/types';
import { SourceLocation } from '../evidence/read';
import { EvidenceCache } from './EvidenceCache';
import { MlPatternsScoring } from './MlPatternsScoring';

/**
 * How long the outcome of reading a location is shared by the reports that
 * read it: a report shows what the repository holds now, give or take these
 * seconds, and a burst of reports of one repository asks the SCM once.
 */
const REPORT_READ_SHARING_MS = 15_000;

/**
 * Options of {@link MlPatternsReportScorer.score}.
 *
 * @public
 */
export interface ReportScoreOptions {
  /** The caller: the report shows the related entities they may see, and only those. */
  credentials: BackstageCredentials;
  /**
   * Where to keep the entity's evidence and ETag between reports. Without
   * it, the scorer revalidates the latest evidence it read of the location.
   */
  evidenceCache?: EvidenceCache;
  /** When the report is evaluated (waivers expire); now when omitted. */
  now?: Date;
}

/**
 * Scores entities on request, for a caller: the full report of an entity
 * with every check and its evidence, as the REST API of the ml-patterns
 * backend plugin serves it. Facts about related entities come from catalog
 * queries made with the caller's credentials; the evidence of the entity's
 * source is revalidated (within 15 seconds) rather than downloaded again.
 *
 * @public
 */
export class MlPatternsReportScorer {
  /**
   * A scorer with the settings of the `mlPatterns` config.
   *
   * @param deps - `registry`: the rules to run (the built-in ones and
   *   those added through the extension point); the built-in rules only
   *   when omitted.
   */
  static create(deps: {
    config: Config;
    logger: LoggerService;
    urlReader: UrlReaderService;
    catalog: CatalogService;
    registry?: MlPatternsRuleRegistry;
  }): MlPatternsReportScorer {
    return new MlPatternsReportScorer(
      MlPatternsScoring.create({
        ...deps,
        scmReadSharingMs: REPORT_READ_SHARING_MS,
      }),
    );
  }

  private constructor(private readonly scoring: MlPatternsScoring) {}

  /** Every rule the scorer runs (disabled ones included; see `isEnabled`). */
  rules(): MlPatternsRule[] {
    return this.scoring.rules();
  }

  /** Whether a rule is switched on (`mlPatterns.rules[].enabled`). */
  isEnabled(ruleId: string): boolean {
    return this.scoring.isEnabled(ruleId);
  }

  /** A rule's weight in the score: `mlPatterns.rules[].weight`, else the rule's own. */
  weightOf(ruleId: string): number | undefined {
    return this.scoring.weightOf(ruleId);
  }

  /**
   * The ruleset version of the reports: `RULESET_VERSION` for the built-in rules as
   * shipped, `RULESET_VERSION+<fingerprint>` with added, disabled or re-weighted rules or
   * other grade bands.
   */
  rulesetVersion(): string {
    return this.scoring.rulesetVersion();
  }

  /**
   * The full report of an in-scope entity as the caller may see it, or
   * undefined when the entity is out of scope (or a dataset, which has no
   * checks of its own).
   */
  async score(
    entity: Entity,
    options: ReportScoreOptions,
  ): Promise<EntityReport | undefined> {
    if (!this.scoring.mightBeInScope(entity)) {
      return undefined;
    }
    const assessed = await this.scoring.assess(
      entity,
      this.scoring.queryLookups(options.credentials),
      { evidenceCache: options.evidenceCache, now: options.now },
    );
    return assessed.report;
  }

  /**
   * Where `score` reads the entity's repository evidence from, without
   * reading it or gathering the other related facts (one catalog query at
   * most). Undefined when out of scope or without a source.
   */
  async evidenceLocation(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<SourceLocation | undefined> {
    if (!this.scoring.mightBeInScope(entity)) return undefined;
    const { dependencies, role } = await this.scoring.resolve(
      entity,
      this.scoring.queryLookups(credentials),
    );
    if (!role || role === 'dataset') return undefined;
    return this.scoring.sourceOf(entity, role, dependencies);
  }
}

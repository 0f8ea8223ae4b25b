import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityHistoryResponse,
  EntityReportResponse,
  RuleChangesResponse,
  RulesResponse,
  ScorecardEntitiesResponse,
  ScorecardGroupBy,
  ScorecardHistoryResponse,
  ScorecardsResponse,
  SourceFileResponse,
  WaiversResponse,
  WaiverState,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Filters of a scorecard query. Empty values mean "any".
 *
 * @public
 */
export interface ScorecardQuery {
  groupBy: ScorecardGroupBy;
  kind?: string;
  type?: string;
  /** A system entity ref or name. */
  system?: string;
}

/**
 * Filters of the waiver list. Absent values mean "any".
 *
 * @public
 */
export interface WaiverQuery {
  state?: WaiverState;
  /** A group or user ref, or a group name in the default namespace. */
  owner?: string;
}

/**
 * The ml-patterns REST API as the frontend sees it.
 *
 * @public
 */
export interface MlPatternsApi {
  /** The full report of one entity, e.g. `component:default/fraud-service`. */
  getEntityReport(entityRef: string): Promise<EntityReportResponse>;
  /**
   * A file of the entity's local evidence folder (for sources without an
   * SCM), e.g. `getSourceFile('component:default/recsys-serving', 'app/main.py')`.
   */
  getSourceFile(entityRef: string, path: string): Promise<SourceFileResponse>;
  getRules(): Promise<RulesResponse>;
  getScorecards(query: ScorecardQuery): Promise<ScorecardsResponse>;
  /** The entities of one scorecard row, under the same kind/type/system filters. */
  getScorecardEntities(
    groupRef: string,
    filters?: Omit<ScorecardQuery, 'groupBy'>,
  ): Promise<ScorecardEntitiesResponse>;
  getScorecardHistory(
    groupRef: string,
    options?: { days?: number },
  ): Promise<ScorecardHistoryResponse>;
  /**
   * One entity's daily history (score, grade, verdicts, failing rules) over
   * the last `days` days (default 90), e.g. for its score trend.
   */
  getEntityHistory(
    entityRef: string,
    options?: { days?: number },
  ): Promise<EntityHistoryResponse>;
  /**
   * Which rules improved or regressed in a group over the last `days` days
   * (default 30): the entities failing each on the first and last day.
   */
  getRuleChanges(
    groupRef: string,
    options?: { days?: number },
  ): Promise<RuleChangesResponse>;
  /** The waivers of the entities the user may see: active, expired and invalid. */
  getWaivers(query?: WaiverQuery): Promise<WaiversResponse>;
}

/**
 * Reference to the {@link MlPatternsApi}.
 *
 * @public
 */
export const mlPatternsApiRef = createApiRef<MlPatternsApi>({
  id: 'plugin.ml-patterns.service',
});

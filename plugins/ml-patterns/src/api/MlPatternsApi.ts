import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityReportResponse,
  RulesResponse,
  ScorecardEntitiesResponse,
  ScorecardGroupBy,
  ScorecardHistoryResponse,
  ScorecardsResponse,
  SourceFileResponse,
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
}

/**
 * Reference to the {@link MlPatternsApi}.
 *
 * @public
 */
export const mlPatternsApiRef = createApiRef<MlPatternsApi>({
  id: 'plugin.ml-patterns.service',
});

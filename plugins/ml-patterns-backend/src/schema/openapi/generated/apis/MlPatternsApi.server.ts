// Endpoint types of src/schema/openapi.yaml, in the shape the Backstage
// OpenAPI generator emits. The bodies are the shared contract types of
// @ml-patterns/plugin-ml-patterns-common, which the frontend uses too.
import {
  EntityReportResponse,
  RulesResponse,
  ScorecardEntitiesResponse,
  ScorecardGroupBy,
  ScorecardHistoryResponse,
  ScorecardsResponse,
  SourceFileResponse,
} from '@ml-patterns/plugin-ml-patterns-common';

/** @public */
export type GetEntityReport = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  response: EntityReportResponse;
};

/** @public */
export type GetEntitySourceFile = {
  path: {
    kind: string;
    namespace: string;
    name: string;
  };
  query: {
    path: string;
  };
  response: SourceFileResponse;
};

/** @public */
export type GetRules = {
  response: RulesResponse;
};

/** @public */
export type GetScorecards = {
  query: {
    groupBy: ScorecardGroupBy;
    kind?: string;
    type?: string;
    system?: string;
  };
  response: ScorecardsResponse;
};

/** @public */
export type GetScorecardEntities = {
  path: {
    groupRef: string;
  };
  query: {
    groupBy?: ScorecardGroupBy;
    kind?: string;
    type?: string;
    system?: string;
  };
  response: ScorecardEntitiesResponse;
};

/** @public */
export type GetScorecardHistory = {
  path: {
    groupRef: string;
  };
  query: {
    groupBy?: ScorecardGroupBy;
    days?: number;
  };
  response: ScorecardHistoryResponse;
};

/** @public */
export type EndpointMap = {
  '#get|/v1/entities/{kind}/{namespace}/{name}/report': GetEntityReport;

  '#get|/v1/entities/{kind}/{namespace}/{name}/source': GetEntitySourceFile;

  '#get|/v1/rules': GetRules;

  '#get|/v1/scorecards': GetScorecards;

  '#get|/v1/scorecards/{groupRef}/entities': GetScorecardEntities;

  '#get|/v1/scorecards/{groupRef}/history': GetScorecardHistory;
};

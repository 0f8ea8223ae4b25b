import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityHistoryResponse,
  EntityReportResponse,
  RuleChangesResponse,
  RulesResponse,
  ScorecardEntitiesResponse,
  ScorecardHistoryResponse,
  ScorecardsResponse,
  SourceFileResponse,
  WaiversResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import type { paths } from './generated/openapi';
import { MlPatternsApi, ScorecardQuery, WaiverQuery } from './MlPatternsApi';

/**
 * The JSON body of a successful `GET` of a path, as the backend's OpenAPI spec
 * describes it. Each method below returns it as the common type it declares,
 * so the type check fails when the spec and those types drift apart.
 */
type SpecBody<Path extends keyof paths> =
  paths[Path]['get']['responses'][200]['content']['application/json'];

/** `kind/namespace/name`, each part URL-encoded. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/** The kind/type/system filters that are set, as query parameters. */
function filterParams(
  filters: Omit<ScorecardQuery, 'groupBy'>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['kind', 'type', 'system'] as const) {
    const value = filters[key]?.trim();
    if (value) {
      params.set(key, value);
    }
  }
  return params;
}

/** `?days=N`: the history window asked for, or the endpoint's default. */
function daysQuery(
  options: { days?: number } | undefined,
  defaultDays: number,
): string {
  return `?days=${options?.days ?? defaultDays}`;
}

/**
 * Talks to the ml-patterns backend through the discovery and fetch APIs,
 * so the user's Backstage token travels with every request.
 *
 * @public
 */
export class MlPatternsClient implements MlPatternsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityReport(entityRef: string): Promise<EntityReportResponse> {
    return this.get<'/v1/entities/{kind}/{namespace}/{name}/report'>(
      `/v1/entities/${entityPath(entityRef)}/report`,
    );
  }

  async getSourceFile(
    entityRef: string,
    path: string,
  ): Promise<SourceFileResponse> {
    const params = new URLSearchParams({ path });
    return this.get<'/v1/entities/{kind}/{namespace}/{name}/source'>(
      `/v1/entities/${entityPath(entityRef)}/source?${params}`,
    );
  }

  async getRules(): Promise<RulesResponse> {
    return this.get<'/v1/rules'>('/v1/rules');
  }

  async getScorecards(query: ScorecardQuery): Promise<ScorecardsResponse> {
    const params = new URLSearchParams({ groupBy: query.groupBy });
    filterParams(query).forEach((value, key) => params.set(key, value));
    return this.get<'/v1/scorecards'>(`/v1/scorecards?${params}`);
  }

  async getScorecardEntities(
    groupRef: string,
    filters: Omit<ScorecardQuery, 'groupBy'> = {},
  ): Promise<ScorecardEntitiesResponse> {
    const params = filterParams(filters);
    const query = params.size > 0 ? `?${params}` : '';
    return this.get<'/v1/scorecards/{groupRef}/entities'>(
      `/v1/scorecards/${encodeURIComponent(groupRef)}/entities${query}`,
    );
  }

  async getScorecardHistory(
    groupRef: string,
    options?: { days?: number },
  ): Promise<ScorecardHistoryResponse> {
    return this.get<'/v1/scorecards/{groupRef}/history'>(
      `/v1/scorecards/${encodeURIComponent(groupRef)}/history${daysQuery(
        options,
        30,
      )}`,
    );
  }

  async getWaivers(query: WaiverQuery = {}): Promise<WaiversResponse> {
    const params = new URLSearchParams();
    if (query.state) params.set('state', query.state);
    const owner = query.owner?.trim();
    if (owner) params.set('owner', owner);
    const search = params.size > 0 ? `?${params}` : '';
    return this.get<'/v1/waivers'>(`/v1/waivers${search}`);
  }

  async getEntityHistory(
    entityRef: string,
    options?: { days?: number },
  ): Promise<EntityHistoryResponse> {
    return this.get<'/v1/entities/{kind}/{namespace}/{name}/history'>(
      `/v1/entities/${entityPath(entityRef)}/history${daysQuery(options, 90)}`,
    );
  }

  async getRuleChanges(
    groupRef: string,
    options?: { days?: number },
  ): Promise<RuleChangesResponse> {
    return this.get<'/v1/scorecards/{groupRef}/rule-changes'>(
      `/v1/scorecards/${encodeURIComponent(groupRef)}/rule-changes${daysQuery(
        options,
        30,
      )}`,
    );
  }

  private async get<Path extends keyof paths>(
    url: string,
  ): Promise<SpecBody<Path>> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ml-patterns');
    const response = await this.fetchApi.fetch(`${baseUrl}${url}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as SpecBody<Path>;
  }
}

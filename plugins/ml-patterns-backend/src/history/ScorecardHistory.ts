import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  RuleChange,
  RuleChangesResponse,
  ScorecardGroupBy,
  ScorecardHistoryResponse,
  ScorecardSnapshot,
} from '@ml-patterns/plugin-ml-patterns-common';
import { catalogReadDecision } from '../scorecards/catalogReadDecision';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HistoryStore } from './HistoryStore';
import { readableEntityRefs } from './readableEntityRefs';

/**
 * The one answer for a group the caller may not read and for a group that
 * does not exist: the same status and message, nothing else.
 */
function noHistory(groupRef: string): NotFoundError {
  return new NotFoundError(`No scorecard history for '${groupRef}'`);
}

/**
 * A group's daily history as one caller may see it. The rows hold every
 * scored entity (the plugin's own daily read), so each request decides
 * which of them count, with the catalog's own question for a list read
 * (`catalog.entity.read`):
 *
 * - ALLOW: every row of the group, entities since deleted included, and
 *   the aggregated snapshots of earlier versions for the days before the
 *   entity rows begin;
 * - CONDITIONAL: only the rows of entities the caller may read now, as the
 *   catalog answers a read of the group's entity refs made with the
 *   caller's credentials;
 * - DENY: nothing.
 *
 * A group with no snapshot for the caller and none of whose entities the
 * caller may see now is a 404, worded like one that does not exist, so a
 * caller cannot tell hidden groups from missing ones. A group the caller
 * sees in the scorecards but that has no snapshot yet is an empty list.
 */
export class ScorecardHistory {
  constructor(
    private readonly options: {
      store: HistoryStore;
      catalog: CatalogService;
      /** Without it, every caller is counted as CONDITIONAL. */
      permissions?: PermissionsService;
      scorecards: ScorecardService;
    },
  ) {}

  async history(request: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    credentials: BackstageCredentials;
  }): Promise<ScorecardHistoryResponse> {
    const { groupRef } = request;
    const decision = await this.decision(request);
    const snapshots =
      decision === AuthorizeResult.ALLOW
        ? await this.wholeGroup(request)
        : await this.readableOnly(request);
    if (
      snapshots.length === 0 &&
      !(await this.options.scorecards.groupVisible(request))
    ) {
      throw noHistory(groupRef);
    }
    return { groupRef, snapshots };
  }

  /**
   * Which rules improved or regressed in a group from `fromDay` on: each
   * rule failing on the first or the last day with rows, with how many
   * entities failed it on each, counted over the same entities as the
   * group's history for this caller; most regressed first.
   */
  async ruleChanges(request: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    credentials: BackstageCredentials;
  }): Promise<RuleChangesResponse> {
    const { groupRef } = request;
    const { store, catalog } = this.options;
    const decision = await this.decision(request);
    let entityRefs: string[] | undefined;
    if (decision !== AuthorizeResult.ALLOW) {
      entityRefs = await readableEntityRefs({
        catalog,
        entityRefs: await store.groupEntityRefs(request),
        credentials: request.credentials,
      });
    }
    const counts = await store.groupFailedRules({ ...request, entityRefs });
    if (!counts) {
      if (!(await this.options.scorecards.groupVisible(request))) {
        throw noHistory(groupRef);
      }
      return { groupRef, rules: [] };
    }
    const ruleIds = new Set([...counts.first.keys(), ...counts.last.keys()]);
    const rules: RuleChange[] = [...ruleIds].map(ruleId => ({
      ruleId,
      first: counts.first.get(ruleId) ?? 0,
      last: counts.last.get(ruleId) ?? 0,
    }));
    rules.sort(
      (a, b) =>
        b.last - b.first - (a.last - a.first) ||
        b.last - a.last ||
        a.ruleId.localeCompare(b.ruleId),
    );
    return {
      groupRef,
      firstDay: counts.firstDay,
      lastDay: counts.lastDay,
      rules,
    };
  }

  /** The caller's catalog read decision; DENY is the group's 404. */
  private async decision(request: {
    groupRef: string;
    credentials: BackstageCredentials;
  }): Promise<AuthorizeResult.ALLOW | AuthorizeResult.CONDITIONAL> {
    const { permissions } = this.options;
    const decision = permissions
      ? await catalogReadDecision(permissions, request.credentials)
      : AuthorizeResult.CONDITIONAL;
    if (decision === AuthorizeResult.DENY) {
      throw noHistory(request.groupRef);
    }
    return decision;
  }

  private async wholeGroup(request: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
  }): Promise<ScorecardSnapshot[]> {
    const { store } = this.options;
    const days = await store.groupDays(request);
    // Days kept only in the aggregated table of earlier versions.
    const firstDay = days[0]?.day;
    const legacy = (await store.legacyGroupDays(request)).filter(
      s => !firstDay || s.day < firstDay,
    );
    return [...legacy, ...days];
  }

  private async readableOnly(request: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    credentials: BackstageCredentials;
  }): Promise<ScorecardSnapshot[]> {
    const { store, catalog } = this.options;
    const entityRefs = await readableEntityRefs({
      catalog,
      entityRefs: await store.groupEntityRefs(request),
      credentials: request.credentials,
    });
    if (entityRefs.length === 0) {
      return [];
    }
    return store.groupDays({ ...request, entityRefs });
  }
}

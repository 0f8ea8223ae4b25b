import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ScorecardGroupBy } from '@ml-patterns/plugin-ml-patterns-common';
import { catalogReadPolicyDecision } from '../catalogReadDecision';
import { ScorecardFilter } from '../filterStamped';
import { catalogConditionFilter } from './catalogConditionFilter';
import { StampTableQuery } from './queryStampTable';
import { StampTable } from './StampTable';

/** How a request is answered from the stamp table, if it can be. */
export type TableAnswer =
  /** Count these rows. */
  | { query: StampTableQuery }
  /** The caller may read no entity (DENY): count nothing. */
  | { nothing: true }
  /** Only the catalog can say what the caller may read: read it. */
  | undefined;

/**
 * Decides, per request, whether the stamp table may answer, and over which
 * of its rows, keeping the catalog's permission model exact: the caller's
 * `catalog.entity.read` decision is asked as the catalog asks it; ALLOW
 * counts every row, DENY none, and CONDITIONAL the rows passing the
 * policy's conditions, translated to SQL over the entities' search fields
 * when every rule in them is one of the catalog's built-in rules. Any other
 * rule, or a table not refreshed within `maxAgeMs` (or never), leaves the
 * request to the caller's own catalog read.
 */
export class StampTableAccess {
  private readonly now: () => number;

  constructor(
    readonly table: StampTable,
    private readonly options: {
      permissions: PermissionsService;
      /** How old the last complete refresh may be and still answer. */
      maxAgeMs: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Whether the table's last complete refresh is recent enough to answer. */
  async isCurrent(): Promise<boolean> {
    const refreshedAt = await this.table.refreshedAt();
    return (
      refreshedAt !== undefined &&
      this.now() - refreshedAt <= this.options.maxAgeMs
    );
  }

  async answer(
    request: ScorecardFilter & {
      groupBy: ScorecardGroupBy;
      credentials: BackstageCredentials;
    },
  ): Promise<TableAnswer> {
    if (!(await this.isCurrent())) {
      return undefined;
    }
    const decision = await catalogReadPolicyDecision(
      this.options.permissions,
      request.credentials,
    );
    const { kind, type, system, groupBy } = request;
    if (decision.result === AuthorizeResult.DENY) {
      return { nothing: true };
    }
    if (decision.result === AuthorizeResult.ALLOW) {
      return { query: { kind, type, system, groupBy } };
    }
    if (
      decision.result !== AuthorizeResult.CONDITIONAL ||
      decision.resourceType !== 'catalog-entity'
    ) {
      return undefined;
    }
    const visible = catalogConditionFilter(decision.conditions);
    return visible && { query: { kind, type, system, groupBy, visible } };
  }
}

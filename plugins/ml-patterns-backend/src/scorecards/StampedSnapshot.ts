import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readDomainsOfSystems } from './readDomainsOfSystems';
import { readStampedEntities } from './readStampedEntities';
import {
  DRILL_DOWN_FIELDS,
  SCORECARD_FIELDS,
  StampedEntity,
} from './stampedEntity';

/** What the scorecards and the drill-down need, read once for everyone. */
export interface StampedSnapshotValue {
  /** Every scored entity (datasets left out), drill-down fields included. */
  entities: StampedEntity[];
  /** The domain (full ref) of each system the entities are in. */
  domains: ReadonlyMap<string, string>;
}

/**
 * Entities per catalog page of a background read. Smaller than a waited-for
 * read's pages: the catalog usually shares the event loop with us, and
 * each page is a stretch of synchronous work (query, serialisation,
 * parsing) that requests served meanwhile wait behind. A waited-for read
 * keeps the faster 1000.
 */
const BACKGROUND_PAGE_SIZE = 250;

/**
 * Wait after a failed background refresh before the next one; it doubles
 * with each failure in a row, up to the TTL. Without it a failing catalog
 * would be asked again (and a warning logged) on every dashboard request.
 */
const FIRST_RETRY_MS = 5_000;

/** Both the scorecards' and the drill-down's fields, in one read. */
const SNAPSHOT_FIELDS = [
  ...new Set([...SCORECARD_FIELDS, ...DRILL_DOWN_FIELDS]),
];

/**
 * The plugin's own read of all stamped entities (with its service
 * credentials, so the whole catalog), shared by every caller the
 * permission framework lets read all catalog entities; see
 * {@link ScorecardService} for who that is.
 *
 * A read serves for `ttlMs` from when it started, and up to `maxStaleMs`
 * while a fresh read runs in the background. Concurrent requests share
 * a read in flight; a failed read is not kept. A request served from a read
 * older than half the TTL starts a refresh in the background, so under
 * steady dashboard use requests do not wait for the catalog: only the first
 * request after an idle TTL does.
 */
export class StampedSnapshot {
  private current:
    | { value: StampedSnapshotValue; readAt: number; preloaded: boolean }
    | undefined;
  private loading: Promise<StampedSnapshotValue> | undefined;
  /** Background refreshes failed in a row, and when the next may start. */
  private failedRefreshes = 0;
  private retryAt = 0;

  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly logger: LoggerService;
  private readonly ttlMs: number;
  private readonly maxStaleMs: number;
  private readonly now: () => number;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    /** How long a read serves; must be positive. */
    ttlMs: number;
    /**
     * How old a read may still answer while a fresh one runs in the
     * background (the first request after an idle spell); past it,
     * requests wait for the fresh read. Default: the TTL (no such window).
     */
    maxStaleMs?: number;
    /** The clock, replaceable in tests. */
    now?: () => number;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs;
    this.maxStaleMs = Math.max(options.ttlMs, options.maxStaleMs ?? 0);
    this.now = options.now ?? Date.now;
  }

  /** The current snapshot, read from the catalog when there is none fresh. */
  async get(): Promise<StampedSnapshotValue> {
    const current = this.current;
    // An empty read (a catalog still starting, or before the processor's
    // first stamps) is never reused: reading nothing again is cheap, and it
    // would otherwise hide the first stamps for up to a TTL.
    if (current && current.value.entities.length > 0) {
      const age = this.now() - current.readAt;
      if (age < this.ttlMs / 2) {
        return current.value;
      }
      // The start-up read may predate the catalog's first processing cycle
      // (its stamps arriving entity by entity): past its TTL it is not
      // worth answering from.
      const maxStale = current.preloaded ? this.ttlMs : this.maxStaleMs;
      if (age < maxStale) {
        // Past half the TTL in steady use, or the first request after an
        // idle spell: answer now, read afresh for the next requests.
        this.refreshInBackground('refresh');
        return current.value;
      }
    }
    return this.load({ background: false });
  }

  /**
   * Drops the current read, for when the stamp table answers instead: a
   * copy of every stamped entity is not held in memory meanwhile (at
   * 50,000 entities, tens of MB per replica). The next {@link get} reads
   * the catalog again; a read in flight is left to finish.
   */
  release(): void {
    this.current = undefined;
  }

  /**
   * Starts a read without waiting for it, e.g. at start-up so the first
   * dashboard request finds it ready. Never throws: a failure is logged and
   * the next request reads again.
   */
  preload(): void {
    this.refreshInBackground('pre-load', { preload: true });
  }

  private refreshInBackground(
    what: string,
    options: { preload?: boolean } = {},
  ): void {
    // A pre-load is asked for once, explicitly: it does not wait.
    if (this.loading || (!options.preload && this.now() < this.retryAt)) {
      return;
    }
    this.load({ background: true, preload: options.preload }).catch(error => {
      // Requests keep the current snapshot until it expires; one past half
      // the TTL tries again once the wait after this failure is over.
      this.failedRefreshes += 1;
      const waitMs = Math.min(
        this.ttlMs,
        FIRST_RETRY_MS * 2 ** (this.failedRefreshes - 1),
      );
      this.retryAt = this.now() + waitMs;
      this.logger.warn(
        `Could not ${what} the scorecards' shared snapshot of stamped entities; next try in ${Math.round(
          waitMs / 1000,
        )} s at the earliest`,
        error,
      );
    });
  }

  private load(options: {
    background: boolean;
    preload?: boolean;
  }): Promise<StampedSnapshotValue> {
    if (this.loading) {
      return this.loading;
    }
    // Age counts from the start of the read: nothing in it is older.
    const readAt = this.now();
    const loading = this.read(options).then(value => {
      this.current = { value, readAt, preloaded: Boolean(options.preload) };
      this.failedRefreshes = 0;
      this.retryAt = 0;
      return value;
    });
    this.loading = loading;
    const settled = () => {
      if (this.loading === loading) {
        this.loading = undefined;
      }
    };
    loading.then(settled, settled);
    return loading;
  }

  private async read(options: {
    background: boolean;
  }): Promise<StampedSnapshotValue> {
    const startedAt = Date.now();
    const credentials = await this.auth.getOwnServiceCredentials();
    const entities = await readStampedEntities({
      catalog: this.catalog,
      fields: SNAPSHOT_FIELDS,
      credentials,
      pageSize: options.background ? BACKGROUND_PAGE_SIZE : undefined,
    });
    const domains = await readDomainsOfSystems({
      catalog: this.catalog,
      entities,
      credentials,
    });
    this.logger.debug(
      `Read ${entities.length} stamped entities for the scorecards in ${
        Date.now() - startedAt
      } ms`,
    );
    return { entities, domains };
  }
}

/** A PostgreSQL connection: a URL, or knex's connection object. */
export type PgConnection =
  | string
  | { [key: string]: string | number | boolean | null };

/** How the driver starts one backend replica (passed as JSON in its environment). */
export interface ReplicaOptions {
  /** Names the replica in messages, e.g. `replica-a`. */
  label: string;
  /**
   * The GitHub integration token of this replica: the stand-in SCM tells
   * the replicas' downloads apart by it.
   */
  token: string;
  /** The generated organisation's root catalog file. */
  root: string;
  /** Base URL of the stand-in for the GitHub API. */
  githubApi: string;
  /** PostgreSQL connection (no database: the catalog's is `<prefix>catalog`). */
  connection: PgConnection;
  /** Database name prefix, the same for every replica of one catalog. */
  prefix: string;
  /** Whether the ml-patterns catalog module is in the backend. */
  withModule: boolean;
  /** Whether the ml-patterns backend plugin (scorecards) is in the backend. */
  withScorecards?: boolean;
  /** The catalog's `processingInterval`, in seconds. */
  processingIntervalS: number;
  /** The module's `mlPatterns.evidence.revalidateAfter`, in seconds. */
  revalidateAfterS?: number;
  /**
   * The backend plugin's `mlPatterns.scorecards.cacheTtl`, in seconds
   * (`maxStale` twice that): an idle spell longer than `maxStale` makes the
   * next request wait for a fresh read of the catalog.
   */
  scorecardsTtlS?: number;
  /**
   * The backend plugin's `mlPatterns.scorecards.refreshInterval` (how
   * often its stamp table is brought up to date), in seconds: shorter than
   * `maxStale`, or the table counts as stale and callers get catalog reads.
   */
  scorecardsRefreshS?: number;
  /**
   * The module's `mlPatterns.processing.indexRefresh`, in seconds: how
   * long a replica scores from its slice index before re-reading it (what
   * a relation changed through another replica waits for).
   */
  indexRefreshS?: number;
  /**
   * Whether the backend's scheduler is the real one, which runs each task
   * on one replica at a time through the database, as in production (else
   * the test backend's, which runs a task once at start-up, if at all).
   */
  realScheduler?: boolean;
  /** The backend plugin's `mlPatterns.history.frequency`, in seconds. */
  historyFrequencyS?: number;
}

import { HumanDuration } from '@backstage/types';

export interface Config {
  mlPatterns?: {
    /** Reports and source files of the ml-patterns backend plugin. */
    reports?: {
      /**
       * Most reports, source files and repositories scored by URL one
       * caller (user or service) may read per window, through the REST API
       * and the actions together: each reads a repository through the SCM
       * integration's token, whose rate limit the catalog processor needs
       * too. Past it the caller gets 429 (an error saying when to try
       * again, for actions). `false` turns the limit off.
       * Default `{ max: 30, window: { minutes: 1 } }`.
       */
      rateLimit?:
        | false
        | {
            max?: number;
            window?: HumanDuration | string;
          };
    };
    /**
     * Daily scorecard history kept by the ml-patterns backend plugin: each
     * scored entity's stamps, per UTC day.
     */
    history?: {
      /**
       * How often the snapshot task runs, e.g. `{ hours: 6 }` (the
       * default) or an ISO 8601 duration such as `PT6H`. Each run replaces
       * the current UTC day's rows, so more frequent runs only make today's
       * figures fresher.
       */
      frequency?: HumanDuration | string;
      /**
       * How many UTC days of history are kept (default 400; the API serves
       * at most 365). The history keeps one row per scored entity and day,
       * about 0.4–0.5 KB each with its indexes: 1,000 scored entities take
       * about 0.2 GB at the default, 10,000 about 2 GB. Older rows are
       * deleted by the snapshot task.
       */
      retentionDays?: number;
    };
    /**
     * Notifications to an entity's owner when the entity gets worse,
     * through the notifications backend (`@backstage/plugin-notifications-backend`,
     * which must be installed). The daily history task compares each
     * entity's stamps with its previous history row: nothing on an
     * entity's first scoring, at most one notification per entity and UTC
     * day.
     */
    notifications?: {
      /**
       * Whether to notify: when an entity newly shows the All-in-one or
       * Only-me anti-pattern, or its grade drops by `gradeDropSteps` or
       * more. Default false.
       */
      enabled?: boolean;
      /**
       * How many grades a drop must span to notify: 1 (the default)
       * notifies of B to C, 2 only of B to D and worse. 1 to 5.
       */
      gradeDropSteps?: number;
    };
    /**
     * Team, system and domain scorecards of the ml-patterns backend plugin.
     */
    scorecards?: {
      /**
       * How long a caller's own read of the stamped entities is reused,
       * e.g. `{ seconds: 30 }` (the default): the shared snapshot (see
       * `sharedSnapshot`), and each caller's own read, reused by their next
       * scorecard requests (switching the grouping, the drill-down, the
       * team card). Own reads are made while the stamp table is not ready,
       * and for callers whose permission conditions use a rule the table
       * cannot apply. `{ seconds: 0 }` reads the catalog every time, with
       * the caller's credentials (no stamp table, no snapshot).
       */
      cacheTtl?: HumanDuration | string;
      /**
       * Whether scorecards are answered from data shared by all callers:
       * the stamp table in the plugin's database (each scorecard summed
       * by the database over the rows the caller may read, see
       * `refreshInterval`), and, until its first refresh, one shared
       * in-memory read of the stamped entities for callers the permission
       * framework lets read every catalog entity. No caller ever counts an
       * entity the catalog would not show them. Default true; false reads
       * the catalog per caller, with their credentials, for everyone.
       */
      sharedSnapshot?: boolean;
      /**
       * How often the stamp table is brought up to date with the catalog,
       * e.g. `{ minutes: 1 }` (the default). Each refresh, on one replica
       * at a time, reads the version (etag) of every stamped entity and
       * then in full only the entities that changed since; a change of
       * stamps, owner, system, domain or of any field a permission rule
       * looks at reaches the scorecards at most this long (plus the
       * refresh itself) after the catalog has it.
       */
      refreshInterval?: HumanDuration | string;
      /**
       * How old shared data may be and still answer: the stamp table
       * since its last complete refresh began (past it, for instance while
       * refreshes fail, callers get their own catalog reads), and the
       * in-memory snapshot on the first request after an idle spell
       * longer than `cacheTtl` (answered while a fresh read runs in the
       * background; past it, the request waits for the catalog read).
       * Default `{ minutes: 10 }`.
       */
      maxStale?: HumanDuration | string;
    };
  };
}

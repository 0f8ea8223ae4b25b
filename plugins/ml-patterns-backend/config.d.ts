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
       * How long a read of the stamped entities is reused, e.g.
       * `{ seconds: 30 }` (the default): the shared snapshot (see
       * `sharedSnapshot`), and each other caller's own read, reused by their
       * next scorecard requests (switching the grouping, the drill-down, the
       * team card). `{ seconds: 0 }` reads the catalog every time, with the
       * caller's credentials.
       */
      cacheTtl?: HumanDuration | string;
      /**
       * Whether callers the permission framework lets read every catalog
       * entity (`catalog.entity.read` is ALLOW: everyone when the framework
       * is off) are answered from one shared read of the stamped entities,
       * made with the plugin's own credentials and kept fresh in the
       * background while in use. Callers with a conditional or denied read
       * always get their own read, so no one sees counts of entities they
       * may not see. Default true; false reads per caller for everyone.
       */
      sharedSnapshot?: boolean;
      /**
       * How old the shared snapshot may be and still answer the first
       * request after the dashboards sat idle (longer than `cacheTtl`),
       * while a fresh read runs in the background for the next requests.
       * Past it, a request waits for the catalog read (about a second at
       * 10,000 stamped entities). Default `{ minutes: 10 }`; the stamps
       * themselves change at the catalog's processing pace (minutes).
       */
      maxStale?: HumanDuration | string;
    };
  };
}

import { HumanDuration } from '@backstage/types';

export interface Config {
  mlPatterns?: {
    /**
     * Daily scorecard history kept by the ml-patterns backend plugin.
     */
    history?: {
      /**
       * How often the snapshot task runs, e.g. `{ hours: 6 }` (the
       * default) or an ISO 8601 duration such as `PT6H`. Each run replaces
       * the current UTC day's snapshot, so more frequent runs only make
       * today's figures fresher.
       */
      frequency?: HumanDuration | string;
    };
    /**
     * Team, system and domain scorecards of the ml-patterns backend plugin.
     */
    scorecards?: {
      /**
       * How long one caller's read of the stamped entities is reused by
       * their next scorecard requests (switching the grouping, the
       * drill-down, the team card), e.g. `{ seconds: 30 }` (the default).
       * Reads are per user or service, so no one sees counts of entities
       * they may not see; `{ seconds: 0 }` reads the catalog every time.
       */
      cacheTtl?: HumanDuration | string;
    };
  };
}

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
  };
}

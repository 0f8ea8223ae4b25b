import { HumanDuration } from '@backstage/types';

export interface Config {
  mlPatterns?: {
    /**
     * Rule weights and switches, one entry per rule to change. Rules not
     * listed keep their default weight and are enabled. Ids are those of
     * the built-in rules (e.g. `all-in-one/one-model-per-server`) or of
     * rules added through the extension points; an unknown id is an error.
     */
    rules?: Array<{
      /** Rule id, e.g. `only-me/automated-checks`. */
      id: string;
      /** Weight in the score (≥ 0); 0 keeps the check visible without scoring it. */
      weight?: number;
      /** `false` leaves the rule out of reports, scores and detections. Default true. */
      enabled?: boolean;
    }>;

    /**
     * Lowest score (0–100) for each grade; scores below E's minimum get F.
     * Grades not given keep their default (A 90, B 75, C 60, D 45, E 30);
     * minimums must decrease from A to E.
     */
    gradeBands?: {
      A?: number;
      B?: number;
      C?: number;
      D?: number;
      E?: number;
    };

    /**
     * Which catalog entities get which role. A role given here replaces
     * that role's defaults; roles not given keep theirs. The first
     * matching entry decides, trying model, serving-unit, repository,
     * dataset in that order. The `ml-patterns.io/scope` annotation on an
     * entity overrides all of this.
     */
    scope?: {
      /** Entities scored as models (default: Resources of type ml-model, ai-model, model). */
      model?: Array<{
        /** Entity kind, case-insensitive, or `*`. */
        kind: string;
        /** `spec.type` values, case-insensitive; `*` matches any (a single string is accepted). */
        types: string[] | string;
        /**
         * `always` (default), or `depends-on-ml`: only entities that
         * dependsOn a model or a dataset (e.g. plain `service` Components
         * that serve a model).
         */
        when?: 'always' | 'depends-on-ml';
      }>;
      /** Entities scored as serving units (default: model-server, inference-service, ml-service Components; service Components that depend on ML). Entries as for `model`. */
      'serving-unit'?: Array<{
        kind: string;
        types: string[] | string;
        when?: 'always' | 'depends-on-ml';
      }>;
      /** Entities scored as training/ML repositories. Entries as for `model`. */
      repository?: Array<{
        kind: string;
        types: string[] | string;
        when?: 'always' | 'depends-on-ml';
      }>;
      /** Entities treated as datasets (not scored; they satisfy data references). Entries as for `model`. */
      dataset?: Array<{
        kind: string;
        types: string[] | string;
        when?: 'always' | 'depends-on-ml';
      }>;
    };

    /**
     * Folders (absolute, or relative to the backend's working directory)
     * that local `dir:`/`file:` sources must lie in. Empty or unset: local
     * sources are not read.
     */
    localRoots?: string[];

    /** Limits on reading one entity's source tree. */
    evidence?: {
      /** Most files a tree may list; over it the evidence is unavailable. Default 20000. */
      maxFiles?: number;
      /** Most bytes of file content read from one tree. Default 20971520 (20 MB). */
      maxBytes?: number;
      /**
       * Most milliseconds reading and analyzing one tree may take: the
       * analysis (in a worker thread) gets what the read left, at least 5
       * seconds; past it the entity is not scored, with the reason. Default
       * 30000.
       */
      timeoutMs?: number;
      /**
       * How long the last good evidence of a location is used while reading
       * it fails with an error that may pass (an SCM error, a rate limit, a
       * time-out). Entities are then stamped `evidence-status: stale` and
       * keep their grade; past this age, or when the repository is gone
       * (404), they are not scored. Default 3 days.
       */
      maxStaleAge?: HumanDuration;
    };
  };
}

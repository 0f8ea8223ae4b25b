import { HumanDuration } from '@backstage/types';

export interface Config {
  mlPatterns?: {
    evidence?: {
      /**
       * How long the catalog processor reuses what it learnt from an SCM
       * location (a download, or a revalidation of its ETag) before asking
       * the SCM again: every ask is an API call against the integration's
       * rate limit. A push reaches the verdicts at most this much (plus a
       * processing interval) later. Reports revalidate the latest evidence
       * (within 15 seconds); local folders are read fresh. Default 5 minutes.
       */
      revalidateAfter?: HumanDuration;
    };

    /** How the catalog processor looks at other entities. */
    processing?: {
      /**
       * Most entities the processor keeps in its in-memory index of the
       * catalog's ML slice (every entity of a kind in `scope`, every
       * Component, and entities scoped by annotation), from which it answers
       * cross-entity questions instead of asking the catalog per entity.
       * Over it, it asks per entity. Default 50000 (roughly 1 KB each).
       */
      maxIndexedEntities?: number;
      /**
       * How often the processor re-reads that slice in full, for what it does
       * not see itself (entities processed by other replicas, deletions); it
       * takes in every entity it processes as it goes. A change it does not
       * see reaches the verdicts of related entities at most this much plus
       * one processing interval later; a replica that has itself taken in
       * changes to 1% of the slice (at least 50 entities) since its last read
       * reads it again after 30 seconds instead. Each read costs the catalog
       * a read of every entity of the slice. Default 5 minutes.
       */
      indexRefresh?: HumanDuration;
    };
  };
}

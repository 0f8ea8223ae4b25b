import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { readEvidenceReaderSettings } from '@ml-patterns/plugin-ml-patterns-node';

/**
 * Default of `mlPatterns.evidence.revalidateAfter`: how long the processor
 * reuses the outcome of reading an SCM location before asking the SCM
 * again. Each ask is an API call counted against the integration's rate
 * limit (GitHub: 5,000 an hour per token), and in production the entities
 * of a repository are processed spread over the whole processing interval,
 * so without it every entity would cost a call every cycle.
 */
const DEFAULT_REVALIDATE_AFTER_MS = 5 * 60_000;

/**
 * Default of `mlPatterns.processing.indexRefresh`. The processor takes in
 * every entity it processes as it goes; the full read is for what it does
 * not see (other replicas' work, deletions), and costs the catalog a read
 * of every entity of the slice, so it is made as rarely as SCM
 * revalidations: both bound how late a change reaches related verdicts.
 */
const DEFAULT_INDEX_REFRESH_MS = 5 * 60_000;

/** Default of `mlPatterns.processing.maxIndexedEntities`. */
const DEFAULT_MAX_INDEXED_ENTITIES = 50_000;

/** The processor's own settings (see `config.d.ts`). */
export interface ProcessingConfig {
  /** `mlPatterns.evidence.revalidateAfter` in milliseconds. */
  revalidateAfterMs: number;
  /** `mlPatterns.processing.indexRefresh` in milliseconds. */
  indexRefreshMs: number;
  /** `mlPatterns.processing.maxIndexedEntities`. */
  maxIndexedEntities: number;
  /**
   * How long a replica's turn to read a location from its source lasts at
   * most (then another replica may take it over): twice
   * `mlPatterns.evidence.timeoutMs`, the longest a download may take, so
   * that the analysis after it fits too.
   */
  readLeaseMs: number;
}

/** Config getters throw their own (good) messages; keep them but name the key. */
function read<T>(key: string, get: () => T): T {
  try {
    return get();
  } catch (error) {
    throw new InputError(
      `Invalid ml-patterns config at '${key}': ${
        isError(error) ? error.message : String(error)
      }`,
    );
  }
}

function durationMs(config: Config, key: string, defaultMs: number): number {
  if (!config.has(key)) {
    return defaultMs;
  }
  return read(key, () =>
    durationToMilliseconds(readDurationFromConfig(config, { key })),
  );
}

/**
 * Reads the settings of the catalog processor's scoring; the settings it
 * shares with the ml-patterns backend plugin (rules, scope, evidence
 * limits) are read by `@ml-patterns/plugin-ml-patterns-node`.
 */
export function readProcessingConfig(config: Config): ProcessingConfig {
  const maxKey = 'mlPatterns.processing.maxIndexedEntities';
  return {
    revalidateAfterMs: durationMs(
      config,
      'mlPatterns.evidence.revalidateAfter',
      DEFAULT_REVALIDATE_AFTER_MS,
    ),
    indexRefreshMs: durationMs(
      config,
      'mlPatterns.processing.indexRefresh',
      DEFAULT_INDEX_REFRESH_MS,
    ),
    maxIndexedEntities:
      read(maxKey, () => config.getOptionalNumber(maxKey)) ??
      DEFAULT_MAX_INDEXED_ENTITIES,
    readLeaseMs: 2 * readEvidenceReaderSettings(config).timeoutMs,
  };
}

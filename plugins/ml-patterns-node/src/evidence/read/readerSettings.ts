import { Config } from '@backstage/config';
import path from 'node:path';

/**
 * Limits and permissions of the repository evidence reader, from
 * `mlPatterns.evidence.*` and `mlPatterns.localRoots`.
 *
 * @public
 */
export interface EvidenceReaderSettings {
  /** Most files a tree may list (all files, not only the parsed ones). */
  maxFiles: number;
  /** Most bytes of file content read from one tree. */
  maxBytes: number;
  /** Most time one read may take. */
  timeoutMs: number;
  /**
   * Absolute folders local (`dir:`/`file:`) sources must lie in. Empty:
   * local reading is disabled.
   */
  localRoots: string[];
}

/** @public */
export const DEFAULT_EVIDENCE_READER_SETTINGS: Omit<
  EvidenceReaderSettings,
  'localRoots'
> = {
  maxFiles: 20000,
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 30000,
};

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config mlPatterns.evidence.${key}: expected a positive number, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads the reader settings; local roots are resolved against the process
 * working directory, as Backstage resolves `file:` catalog locations.
 *
 * @public
 */
export function readEvidenceReaderSettings(
  config: Config,
): EvidenceReaderSettings {
  const ml = config.getOptionalConfig('mlPatterns');
  const evidence = ml?.getOptionalConfig('evidence');
  const roots = ml?.getOptionalStringArray('localRoots') ?? [];
  return {
    maxFiles: evidence
      ? positive(
          evidence,
          'maxFiles',
          DEFAULT_EVIDENCE_READER_SETTINGS.maxFiles,
        )
      : DEFAULT_EVIDENCE_READER_SETTINGS.maxFiles,
    maxBytes: evidence
      ? positive(
          evidence,
          'maxBytes',
          DEFAULT_EVIDENCE_READER_SETTINGS.maxBytes,
        )
      : DEFAULT_EVIDENCE_READER_SETTINGS.maxBytes,
    timeoutMs: evidence
      ? positive(
          evidence,
          'timeoutMs',
          DEFAULT_EVIDENCE_READER_SETTINGS.timeoutMs,
        )
      : DEFAULT_EVIDENCE_READER_SETTINGS.timeoutMs,
    localRoots: roots.map(root => path.resolve(process.cwd(), root)),
  };
}

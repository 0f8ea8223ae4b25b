/**
 * How much of a repository the analyzers read: the size caps of the files
 * whose content they parse, and the least time an analysis is given. The
 * caps of the whole read (files, bytes, time of one tree) are settings:
 * see `read/readerSettings.ts`.
 */

const KIB = 1024;

/** Configuration and manifest files, of the folder and of the repository around it. */
export const MAX_WANTED_BYTES = 512 * KIB;
/** Python modules (their model loads); a whole application kept in one module reaches a few hundred KiB. */
export const MAX_PYTHON_BYTES = 512 * KIB;
/** Shell scripts and entrypoints. */
export const MAX_SCRIPT_BYTES = 64 * KIB;
/** Model servers' own configuration (Triton, TF Serving, TorchServe, MLServer). */
export const MAX_SERVER_CONFIG_BYTES = 64 * KIB;
/** README and documentation Markdown of the folder. */
export const MAX_MARKDOWN_BYTES = 128 * KIB;
/** READMEs of the repository around a folder. */
export const MAX_CONTEXT_MARKDOWN_BYTES = 64 * KIB;
/** Text larger than this is not parsed even if a reader hands it in. */
export const MAX_TEXT_BYTES = 1024 * KIB;

/** The least time an analysis is given, however long the read took. */
export const MIN_ANALYSIS_MS = 5000;

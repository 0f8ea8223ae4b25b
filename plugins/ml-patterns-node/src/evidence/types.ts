/**
 * Facts read from an entity's source repository: the contract between the
 * repository readers/parsers (this folder) and the pure engine (../engine).
 *
 * Everything here is plain JSON (it is cached by the catalog processor) and
 * every fact carries the path (relative to the scored folder, `/`
 * separators) and 1-based line it came from, so the UI can link to it.
 */

export * from './facts/sourceLines';
export * from './facts/dockerFacts';
export * from './facts/workloadFacts';
export * from './facts/servingFacts';
export * from './facts/dependencyFacts';
export * from './facts/pythonFacts';
export * from './facts/RepositoryEvidence';

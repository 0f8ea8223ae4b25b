/** Where a fact comes from, and the files it is read from. */

/** @public */
export interface SourceLine {
  path: string;
  line?: number;
}

/** A parse problem: the file is ignored and checks relying on it may be `unknown`. @public */
export interface EvidenceProblem extends SourceLine {
  message: string;
}

/**
 * A file of the repository tree as handed to the analyzers: every file
 * is listed (for counting notebooks, code and model files); `content` is
 * present only for files the analyzers asked for (see `wantsContent`) and
 * that were under the size cap.
 *
 * @public
 */
export interface RepositoryFile {
  /** Relative to the scored folder, `/` separators, no leading `./`. */
  path: string;
  size: number;
  content?: Buffer;
}

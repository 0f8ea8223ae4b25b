import { RepositoryFile } from '../../types';

/**
 * The repository around a scored subfolder. An entity whose source is a
 * folder of a larger repository is still reviewed through the root's
 * CODEOWNERS (or the OWNERS files above it), checked by the repository's
 * CI, and may be built by a Dockerfile elsewhere (`python/sklearn.Dockerfile`
 * doing `COPY sklearnserver sklearnserver`). These facts are read here and
 * added to the folder's evidence, with paths relative to the folder
 * (`../../CODEOWNERS`).
 */
export interface RepositoryContextFiles {
  /** The scored folder, relative to the repository root (`/` separators, no leading or trailing `/`). */
  scope: string;
  /**
   * Files of the repository outside the scored folder, paths relative to
   * the repository root; content only for those `wantsContextContent` asks for.
   */
  files: RepositoryFile[];
  /** Why the listing outside the folder is incomplete, when it is. */
  truncated?: string;
}

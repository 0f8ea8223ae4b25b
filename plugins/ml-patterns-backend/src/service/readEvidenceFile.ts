import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { SourceFileResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { readLocalSourceFile } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { ReportSource } from '../report/ReportSource';

/**
 * A file of the folder an entity's evidence is read from, when that folder
 * is local. The folder is the scorer's, never the request's: callers can
 * only name files relative to it.
 */
export async function readEvidenceFile(options: {
  entity: Entity;
  path: string;
  scorer: ReportSource;
  credentials: BackstageCredentials;
  localRoots: string[];
}): Promise<SourceFileResponse> {
  const { entity, scorer, credentials } = options;
  const entityRef = stringifyEntityRef(entity);
  // Where the report reads from, without reading or scoring anything.
  const source = await scorer.evidenceLocation(entity, credentials);
  if (!source) {
    throw new NotFoundError(
      `Entity '${entityRef}' has no source folder in the scope of ml-patterns`,
    );
  }
  const location = `${source.type}:${source.target}`;
  if (source.problem) {
    throw new NotFoundError(
      `The source of '${entityRef}' cannot be read: ${source.problem}`,
    );
  }
  if (source.type !== 'dir') {
    throw new NotFoundError(
      `The evidence of '${entityRef}' does not come from a local folder (it comes from ${location}; follow the SCM links)`,
    );
  }
  const file = await readLocalSourceFile({
    folder: source.target,
    path: options.path,
    roots: options.localRoots,
    // Files are served from the repository of the entity's catalog file only.
    catalogFolder: source.catalogFolder,
    repositoryRoot: source.repositoryRoot,
  });
  return { entityRef, location, ...file };
}

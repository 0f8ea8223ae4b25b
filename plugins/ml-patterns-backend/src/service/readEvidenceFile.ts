import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { SourceFileResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { readLocalSourceFile } from '@ml-patterns/plugin-ml-patterns-node';
import { MlPatternsReportScorer } from '../report/types';

const LOCAL_PREFIX = 'dir:';

/**
 * A file of the folder an entity's evidence was read from, when that folder
 * is local. The folder comes from the entity's own report, never from the
 * request: callers can only name files relative to it.
 */
export async function readEvidenceFile(options: {
  entity: Entity;
  path: string;
  scorer: MlPatternsReportScorer;
  credentials: BackstageCredentials;
  localRoots: string[];
}): Promise<SourceFileResponse> {
  const { entity, scorer, credentials } = options;
  const entityRef = stringifyEntityRef(entity);
  const report = await scorer.score(entity, { credentials });
  if (!report) {
    throw new NotFoundError(
      `Entity '${entityRef}' is not in the scope of ml-patterns`,
    );
  }
  const location = report.evidenceSource.location;
  if (!location?.startsWith(LOCAL_PREFIX)) {
    throw new NotFoundError(
      `The evidence of '${entityRef}' does not come from a local folder${
        location ? ` (it comes from ${location}; follow the SCM links)` : ''
      }`,
    );
  }
  const file = await readLocalSourceFile({
    folder: location.slice(LOCAL_PREFIX.length),
    path: options.path,
    roots: options.localRoots,
  });
  return { entityRef, location, ...file };
}

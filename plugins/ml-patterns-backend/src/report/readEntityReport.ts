import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityReportResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { buildReportResponse } from './buildReportResponse';
import { ReportSource } from './ReportSource';

/**
 * The full report of a catalog entity, scored now for the caller: what the
 * report endpoint serves and the report action returns. The entity is read
 * with the caller's credentials, so one they may not see does not exist.
 */
export async function readEntityReport(options: {
  ref: CompoundEntityRef;
  credentials: BackstageCredentials;
  catalog: CatalogService;
  scorer: ReportSource;
  integrations: ScmIntegrationRegistry;
  evaluatedAt: Date;
}): Promise<EntityReportResponse> {
  const { ref, credentials, catalog, scorer } = options;
  const entityRef = stringifyEntityRef(ref);
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity named '${entityRef}' found`);
  }
  const report = await scorer.score(entity, {
    credentials,
    now: options.evaluatedAt,
  });
  if (!report) {
    throw new NotFoundError(
      `Entity '${entityRef}' is not in the scope of ml-patterns: it is not a model, serving unit or ML repository under the configured mlPatterns scope`,
    );
  }
  return buildReportResponse({
    entity,
    report,
    rules: scorer.rules(),
    integrations: options.integrations,
    evaluatedAt: options.evaluatedAt,
  });
}

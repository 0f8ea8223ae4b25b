import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NO_GROUP, normalizeRef } from '../service/refs';
import { StampedEntity } from './stampedEntity';

/**
 * The domain (full ref) of each system the entities are in, from one
 * batched catalog read of their `spec.domain`, as `credentials` may see
 * them. Systems without a domain, or not visible, are absent.
 */
export async function readDomainsOfSystems(options: {
  catalog: CatalogService;
  entities: StampedEntity[];
  credentials: BackstageCredentials;
}): Promise<Map<string, string>> {
  const domains = new Map<string, string>();
  const systemRefs = new Set(
    options.entities.map(e => e.systemRef).filter(ref => ref !== NO_GROUP),
  );
  if (systemRefs.size === 0) {
    return domains;
  }
  const refs = [...systemRefs];
  const { items } = await options.catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.domain'],
    },
    { credentials: options.credentials },
  );
  items.forEach((system, index) => {
    if (!system) {
      return;
    }
    const domain = normalizeRef(
      (system.spec as { domain?: unknown } | undefined)?.domain,
      'domain',
      system.metadata.namespace ?? 'default',
    );
    if (domain) {
      domains.set(refs[index], domain);
    }
  });
  return domains;
}

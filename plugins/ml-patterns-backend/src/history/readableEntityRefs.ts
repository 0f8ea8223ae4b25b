import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Refs per catalog request. */
const REFS_PER_READ = 500;

/**
 * The refs among `entityRefs` that `credentials` may read now: the
 * catalog, asked with the caller's credentials, applies the permission
 * policy and leaves out what the caller may not see (and what no longer
 * exists).
 */
export async function readableEntityRefs(options: {
  catalog: CatalogService;
  entityRefs: string[];
  credentials: BackstageCredentials;
}): Promise<string[]> {
  const readable: string[] = [];
  const { entityRefs } = options;
  for (let i = 0; i < entityRefs.length; i += REFS_PER_READ) {
    const refs = entityRefs.slice(i, i + REFS_PER_READ);
    const { items } = await options.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials: options.credentials },
    );
    items.forEach((entity, index) => {
      if (entity) {
        readable.push(refs[index]);
      }
    });
  }
  return readable;
}

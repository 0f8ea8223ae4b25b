import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * An in-memory catalog whose contents tests can change or break between
 * requests, which records who read the stamped entities, and which shows
 * each caller only what `visibleTo` allows (like the catalog applying a
 * permission policy).
 */
export function changingCatalog(
  initial: Entity[],
  options: {
    visibleTo?: (entity: Entity, credentials: BackstageCredentials) => boolean;
  } = {},
) {
  const state: { entities: Entity[]; failure?: Error } = {
    entities: initial,
  };
  /** Credentials of each entity-list read, in order. */
  const reads: BackstageCredentials[] = [];
  /** The mock is typed like the catalog client: options may lack them. */
  const credentialsOf = (requestOptions: unknown) =>
    (requestOptions as CatalogServiceRequestOptions | undefined)?.credentials;
  const visible = (entity: Entity, requestOptions: unknown) => {
    const credentials = credentialsOf(requestOptions);
    return (
      !options.visibleTo ||
      (!!credentials && options.visibleTo(entity, credentials))
    );
  };

  const catalog = catalogServiceMock.mock({
    async *streamEntities(request, requestOptions) {
      const credentials = credentialsOf(requestOptions);
      if (credentials) {
        reads.push(credentials);
      }
      if (state.failure) {
        throw state.failure;
      }
      const all = catalogServiceMock({ entities: state.entities });
      for await (const page of all.streamEntities(request)) {
        yield page.filter(e => visible(e, requestOptions));
      }
    },
    async getEntityByRef(ref, requestOptions) {
      if (state.failure) {
        throw state.failure;
      }
      const all = catalogServiceMock({ entities: state.entities });
      const entity = await all.getEntityByRef(ref);
      return entity && visible(entity, requestOptions) ? entity : undefined;
    },
    async getEntitiesByRefs(request, requestOptions) {
      if (state.failure) {
        throw state.failure;
      }
      const all = catalogServiceMock({ entities: state.entities });
      const { items } = await all.getEntitiesByRefs(request);
      return {
        items: items.map(e =>
          e && visible(e, requestOptions) ? e : undefined,
        ),
      };
    },
  });
  return { catalog, state, reads };
}

import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogServiceRequestOptions } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DEFAULT_SCOPE } from '@ml-patterns/plugin-ml-patterns-common';
import { CatalogRelatedFacts } from './CatalogRelatedFacts';
import { QueryCatalogLookups } from './QueryCatalogLookups';

const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'ranker', namespace: 'default' },
  spec: { type: 'ml-model', owner: 'group:default/ml' },
};

const server: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'secret-server', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/ml',
    dependsOn: ['resource:ranker'],
  },
  relations: [{ type: 'dependsOn', targetRef: 'resource:default/ranker' }],
};

const INSIDER = 'user:default/insider';

function canSee(entity: Entity, options?: object) {
  if (entity.metadata.name !== 'secret-server') return true;
  const principal = (options as CatalogServiceRequestOptions | undefined)
    ?.credentials?.principal as { userEntityRef?: string } | undefined;
  return principal?.userEntityRef === INSIDER;
}

describe('CatalogRelatedFacts', () => {
  it('never answers one caller from another caller’s cached lookups', async () => {
    const all = [model, server];
    const catalog = catalogServiceMock.mock({
      async getEntities(request, options) {
        const dependsOn = (request?.filter as Record<string, string>)?.[
          'relations.dependsOn'
        ];
        const items = all.filter(
          e =>
            canSee(e, options) &&
            (!dependsOn ||
              (e.relations ?? []).some(r => r.targetRef === dependsOn)),
        );
        return { items };
      },
      async getEntitiesByRefs(request, options) {
        return {
          items: request.entityRefs.map(ref =>
            all.find(e => stringifyEntityRef(e) === ref && canSee(e, options)),
          ),
        };
      },
    });
    const facts = new CatalogRelatedFacts(
      DEFAULT_SCOPE,
      mockServices.logger.mock(),
    );
    const queries = new QueryCatalogLookups(catalog, 15_000);
    const servingUnitsFor = async (userEntityRef: string) => {
      const result = await facts.gather(
        model,
        'model',
        [],
        queries.forCaller(mockCredentials.user(userEntityRef)),
      );
      return result.servingUnits.map(u => u.entityRef);
    };
    expect(await servingUnitsFor(INSIDER)).toEqual([
      'component:default/secret-server',
    ]);
    expect(await servingUnitsFor('user:default/outsider')).toEqual([]);
  });
});

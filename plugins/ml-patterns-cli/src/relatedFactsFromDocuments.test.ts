import { Entity } from '@backstage/catalog-model';
import { EntityRole } from '@ml-patterns/plugin-ml-patterns-common';
import { relatedFactsFromDocuments } from './relatedFactsFromDocuments';

function entity(
  kind: string,
  name: string,
  type: string,
  extra: { dependsOn?: string[]; annotations?: Record<string, string> } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, annotations: extra.annotations },
    spec: { type, owner: 'group:ml', dependsOn: extra.dependsOn },
  };
}

const ROLE_BY_TYPE: Record<string, EntityRole> = {
  'ml-model': 'model',
  'model-server': 'serving-unit',
  dataset: 'dataset',
  'training-pipeline': 'repository',
};
const roleOf = (e: Entity) => ROLE_BY_TYPE[String(e.spec?.type)];

describe('relatedFactsFromDocuments', () => {
  const modelA = entity('Resource', 'model-a', 'ml-model', {
    annotations: { 'ml-patterns.io/required-libraries': 'torch==2.2.0' },
  });
  const modelB = entity('Resource', 'model-b', 'ml-model');
  const data = entity('Resource', 'clicks', 'dataset');
  const server = entity('Component', 'ranker', 'model-server', {
    dependsOn: [
      'resource:model-a',
      'Resource:default/model-b',
      'resource:clicks',
    ],
    annotations: { 'backstage.io/kubernetes-id': 'ranking' },
  });
  const peer = entity('Component', 'ranker-canary', 'model-server', {
    dependsOn: ['resource:model-a'],
    annotations: { 'backstage.io/kubernetes-id': 'ranking' },
  });
  const other = entity('Component', 'search', 'model-server', {
    annotations: { 'backstage.io/kubernetes-id': 'search' },
  });
  const documents = [server, peer, other, modelA, modelB, data];

  it('gives a serving unit its models, datasets and server-group peers', () => {
    expect(
      relatedFactsFromDocuments(server, documents, roleOf, 'catalog-info.yaml'),
    ).toEqual({
      status: 'ok',
      servedModels: [
        {
          entityRef: 'resource:default/model-a',
          requiredLibraries: 'torch==2.2.0',
        },
        { entityRef: 'resource:default/model-b', requiredLibraries: undefined },
      ],
      servingUnits: [],
      serverGroupPeers: [
        {
          entityRef: 'component:default/ranker-canary',
          group: 'ranking',
          field: 'metadata.annotations.backstage.io/kubernetes-id',
        },
      ],
      datasets: ['resource:default/clicks'],
      codeEntities: [],
    });
  });

  it('gives a model the serving units that serve it, with their model counts', () => {
    const facts = relatedFactsFromDocuments(
      modelA,
      documents,
      roleOf,
      'catalog-info.yaml',
    );
    expect(facts.servingUnits).toEqual([
      { entityRef: 'component:default/ranker', modelCount: 2 },
      { entityRef: 'component:default/ranker-canary', modelCount: 1 },
    ]);
  });

  it('says the facts are unavailable when a dependency is not in the file', () => {
    const lonely = entity('Component', 'lonely', 'model-server', {
      dependsOn: ['resource:default/elsewhere'],
    });
    expect(
      relatedFactsFromDocuments(lonely, [lonely], roleOf, 'catalog-info.yaml'),
    ).toMatchObject({
      status: 'unavailable',
      reason: 'catalog-info.yaml does not describe resource:default/elsewhere',
    });
  });
});

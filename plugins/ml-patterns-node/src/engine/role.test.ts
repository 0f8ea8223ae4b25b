import {
  DEFAULT_SCOPE,
  INPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import { makeEntity } from './__testUtils__/factories';
import { resolveRole } from './role';

describe('resolveRole', () => {
  const cases: Array<
    [string, Parameters<typeof makeEntity>[0], boolean, string | undefined]
  > = [
    [
      'an ml-model Resource',
      { kind: 'Resource', type: 'ml-model' },
      false,
      'model',
    ],
    [
      "Red Hat's ai-model Resource",
      { kind: 'Resource', type: 'ai-model' },
      false,
      'model',
    ],
    [
      "Red Hat's model-server Component",
      { kind: 'Component', type: 'model-server' },
      false,
      'serving-unit',
    ],
    [
      'kind and type are case-insensitive',
      { kind: 'component', type: 'Model-Server' },
      false,
      'serving-unit',
    ],
    [
      'a service that depends on a model',
      { kind: 'Component', type: 'service' },
      true,
      'serving-unit',
    ],
    [
      'a service that does not',
      { kind: 'Component', type: 'service' },
      false,
      undefined,
    ],
    [
      'a training pipeline',
      { kind: 'Component', type: 'training-pipeline' },
      false,
      'repository',
    ],
    ['a dataset', { kind: 'Resource', type: 'dataset' }, false, 'dataset'],
    ['a website', { kind: 'Component', type: 'website' }, true, undefined],
    ['no spec.type', { kind: 'Component' }, true, undefined],
    [
      'the scope annotation puts a website in scope',
      {
        kind: 'Component',
        type: 'website',
        annotations: { [INPUT_ANNOTATIONS.scope]: 'Serving-Unit' },
      },
      false,
      'serving-unit',
    ],
    [
      'the scope annotation takes a model server out',
      {
        kind: 'Component',
        type: 'model-server',
        annotations: { [INPUT_ANNOTATIONS.scope]: 'none' },
      },
      false,
      undefined,
    ],
    [
      'an invalid scope annotation is ignored',
      {
        kind: 'Component',
        type: 'model-server',
        annotations: { [INPUT_ANNOTATIONS.scope]: 'bogus' },
      },
      false,
      'serving-unit',
    ],
  ];
  it.each(cases)('%s', (_name, entity, dependsOnMl, role) => {
    expect(
      resolveRole(makeEntity(entity), DEFAULT_SCOPE, { dependsOnMl }),
    ).toBe(role);
  });

  it('supports * for kind and types', () => {
    const scope: ScopeConfig = {
      model: [],
      'serving-unit': [
        { kind: 'component', types: ['*'], when: 'depends-on-ml' },
      ],
      repository: [{ kind: '*', types: ['notebook'] }],
      dataset: [],
    };
    expect(
      resolveRole(makeEntity({ type: 'anything' }), scope, {
        dependsOnMl: true,
      }),
    ).toBe('serving-unit');
    expect(
      resolveRole(makeEntity({ kind: 'Template', type: 'notebook' }), scope),
    ).toBe('repository');
    expect(
      resolveRole(makeEntity({ type: 'anything' }), scope),
    ).toBeUndefined();
  });
});

import { RULE_IDS } from '@ml-patterns/plugin-ml-patterns-common';
import { evaluateEntity } from '../engine/evaluateEntity';
import { builtInRules } from '../engine/rules';
import {
  makeEvidence,
  makeWorkload,
  unreadable,
} from '../engine/__testUtils__/factories';
import { standInFor, standInName } from './standIn';

const NO_OWNER = 'Name the owner to check it.';

function ownershipCheck(standIn: ReturnType<typeof standInFor>) {
  const report = evaluateEntity(
    {
      entity: standIn.entity,
      role: standIn.role,
      related: standIn.related,
      evidence: makeEvidence(),
    },
    standIn.rules,
  );
  return report.checks.find(check => check.ruleId === RULE_IDS.teamOwnership);
}

describe('standInFor', () => {
  it('scores a repository that deploys a model as a serving unit', () => {
    const standIn = standInFor({
      name: 'recsys',
      sourceLocation: 'url:https://github.com/acme/recsys',
      evidence: makeEvidence({ workloads: [makeWorkload()] }),
      rules: builtInRules,
      noOwnerMessage: NO_OWNER,
    });
    expect(standIn.role).toBe('serving-unit');
    expect(standIn.entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'recsys',
        namespace: 'default',
        annotations: {
          'backstage.io/source-location': 'url:https://github.com/acme/recsys',
          'ml-patterns.io/scope': 'serving-unit',
        },
      },
      spec: { type: 'model-server', lifecycle: 'unknown' },
    });
    expect(standIn.related).toEqual({
      status: 'ok',
      servedModels: [],
      servingUnits: [],
      serverGroupPeers: [],
      datasets: [],
      codeEntities: [],
    });
  });

  it('scores other repositories, and unreadable ones, as repositories', () => {
    for (const evidence of [makeEvidence(), unreadable]) {
      const standIn = standInFor({
        name: 'notebooks',
        sourceLocation: 'dir:/work/notebooks',
        evidence,
        rules: builtInRules,
        noOwnerMessage: NO_OWNER,
      });
      expect(standIn.role).toBe('repository');
      expect(standIn.entity.spec?.type).toBe('ml-pipeline');
    }
  });

  it('takes the role it is given: a model is a Resource', () => {
    const standIn = standInFor({
      name: 'ranker',
      sourceLocation: 'dir:/work/ranker',
      evidence: makeEvidence({ workloads: [makeWorkload()] }),
      role: 'model',
      rules: builtInRules,
      noOwnerMessage: NO_OWNER,
    });
    expect(standIn.role).toBe('model');
    expect(standIn.entity.kind).toBe('Resource');
    expect(standIn.entity.spec?.type).toBe('ml-model');
  });

  it('makes team ownership unknown, with the given message, without an owner', () => {
    const check = ownershipCheck(
      standInFor({
        name: 'recsys',
        sourceLocation: 'dir:/work/recsys',
        evidence: makeEvidence(),
        rules: builtInRules,
        noOwnerMessage: NO_OWNER,
      }),
    );
    expect(check).toMatchObject({ verdict: 'unknown', message: NO_OWNER });
  });

  it('checks the owner it is given', () => {
    const standIn = standInFor({
      name: 'recsys',
      sourceLocation: 'dir:/work/recsys',
      evidence: makeEvidence(),
      owner: 'user:default/alice',
      rules: builtInRules,
      noOwnerMessage: NO_OWNER,
    });
    expect(standIn.entity.spec?.owner).toBe('user:default/alice');
    expect(standIn.rules).toEqual(builtInRules);
    expect(ownershipCheck(standIn)?.verdict).toBe('fail');
  });
});

describe('standInName', () => {
  it.each([
    ['recsys', 'recsys'],
    ['My Model!', 'My-Model'],
    ['--_.hidden', 'hidden'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)}-b`, 'a'.repeat(62)],
    ['!!!', 'repository'],
    ['', 'repository'],
  ])('names %s %s', (text, name) => {
    expect(standInName(text)).toBe(name);
  });
});

import {
  PermissionCondition,
  PermissionRuleParams,
} from '@backstage/plugin-permission-common';
import { catalogConditionFilter } from './catalogConditionFilter';

const rule = (
  name: string,
  params: PermissionRuleParams,
): PermissionCondition<string> => ({
  rule: name,
  resourceType: 'catalog-entity',
  params,
});

describe('catalogConditionFilter', () => {
  it("translates each built-in rule as the catalog's toQuery does, lower-cased", () => {
    expect(
      catalogConditionFilter(
        rule('IS_ENTITY_OWNER', { claims: ['group:default/Vision-Team'] }),
      ),
    ).toEqual({
      key: 'relations.ownedby',
      values: ['group:default/vision-team'],
    });
    expect(
      catalogConditionFilter(rule('IS_ENTITY_KIND', { kinds: ['Component'] })),
    ).toEqual({ key: 'kind', values: ['component'] });
    expect(
      catalogConditionFilter(rule('HAS_ANNOTATION', { annotation: 'A/B' })),
    ).toEqual({ key: 'metadata.annotations.a/b' });
    expect(
      catalogConditionFilter(
        rule('HAS_LABEL', { label: 'tier', value: 'Gold' }),
      ),
    ).toEqual({ key: 'metadata.labels.tier', values: ['gold'] });
    expect(
      catalogConditionFilter(rule('HAS_METADATA', { key: 'title' })),
    ).toEqual({ key: 'metadata.title' });
    expect(
      catalogConditionFilter(rule('HAS_SPEC', { key: 'type', value: 'X' })),
    ).toEqual({ key: 'spec.type', values: ['x'] });
  });

  it('keeps allOf, anyOf and not, empty lists included', () => {
    expect(
      catalogConditionFilter({
        allOf: [
          { anyOf: [] },
          { not: rule('IS_ENTITY_KIND', { kinds: [] }) },
          { allOf: [] },
        ],
      } as any),
    ).toEqual({
      allOf: [
        { anyOf: [] },
        { not: { key: 'kind', values: [] } },
        { allOf: [] },
      ],
    });
  });

  it('gives up on any rule it does not know, wherever it is', () => {
    expect(
      catalogConditionFilter({
        anyOf: [
          rule('IS_ENTITY_KIND', { kinds: ['component'] }),
          { not: rule('IN_SYSTEM', { system: 'churn' }) },
        ],
      } as any),
    ).toBeUndefined();
    // Inherited object properties are not rules either.
    expect(catalogConditionFilter(rule('toString', {}))).toBeUndefined();
  });

  it('gives up on parameters the catalog would refuse', () => {
    expect(
      catalogConditionFilter(rule('IS_ENTITY_OWNER', { claims: 'group:a' })),
    ).toBeUndefined();
    expect(
      catalogConditionFilter(rule('HAS_LABEL', { label: 'tier', value: 3 })),
    ).toBeUndefined();
    expect(catalogConditionFilter(rule('HAS_SPEC', {}))).toBeUndefined();
  });

  it("leaves a condition on ml-patterns' own annotations to the catalog: the table does not keep them", () => {
    const onStamp = rule('HAS_ANNOTATION', {
      annotation: 'ML-Patterns.io/Grade',
      value: 'F',
    });
    expect(catalogConditionFilter(onStamp)).toBeUndefined();
    expect(
      catalogConditionFilter(
        rule('HAS_METADATA', { key: 'annotations.ml-patterns.io/score' }),
      ),
    ).toBeUndefined();
    // Anywhere in a combination, under `not` too.
    expect(
      catalogConditionFilter({
        anyOf: [
          rule('IS_ENTITY_KIND', { kinds: ['Component'] }),
          { not: onStamp },
        ],
      }),
    ).toBeUndefined();
    // Other annotations, and keys that only look alike, still translate.
    expect(
      catalogConditionFilter(
        rule('HAS_ANNOTATION', { annotation: 'ml-patterns.io' }),
      ),
    ).toEqual({ key: 'metadata.annotations.ml-patterns.io' });
    expect(
      catalogConditionFilter(
        rule('HAS_LABEL', { label: 'ml-patterns.io/grade' }),
      ),
    ).toEqual({ key: 'metadata.labels.ml-patterns.io/grade' });
  });
});

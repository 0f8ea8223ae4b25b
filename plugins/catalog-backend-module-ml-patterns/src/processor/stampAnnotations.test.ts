import { Entity } from '@backstage/catalog-model';
import { withStamps } from './stampAnnotations';

function entityWith(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ranker-api', ...(annotations && { annotations }) },
    spec: { type: 'model-server' },
  };
}

const STAMPS = {
  'ml-patterns.io/role': 'serving-unit',
  'ml-patterns.io/grade': 'c',
  'ml-patterns.io/all-in-one': 'clear',
};

describe('withStamps', () => {
  it('replaces whatever was written under our keys, and keeps every other annotation', () => {
    const entity = entityWith({
      'backstage.io/source-location': 'url:https://github.com/acme/ranker/',
      // Written by hand: overwritten or dropped, never merged.
      'ml-patterns.io/grade': 'a',
      'ml-patterns.io/score': '100',
      'ml-patterns.io/server-group': 'ranking', // an input: kept
    });
    expect(withStamps(entity, STAMPS).metadata.annotations).toEqual({
      'backstage.io/source-location': 'url:https://github.com/acme/ranker/',
      'ml-patterns.io/server-group': 'ranking',
      ...STAMPS,
    });
    // The entity handed in is not changed.
    expect(entity.metadata.annotations?.['ml-patterns.io/grade']).toBe('a');
  });

  it('removes our keys when there is nothing to stamp', () => {
    const entity = entityWith({
      'ml-patterns.io/grade': 'a',
      'ml-patterns.io/waivers': 'only-me/code-review: pairs',
    });
    expect(withStamps(entity, undefined).metadata.annotations).toEqual({
      'ml-patterns.io/waivers': 'only-me/code-review: pairs',
    });
  });

  it('hands back the same entity when the stamps are already there', () => {
    const stamped = entityWith({ 'example.com/x': '1', ...STAMPS });
    expect(withStamps(stamped, { ...STAMPS })).toBe(stamped);
    const plain = entityWith();
    expect(withStamps(plain, undefined)).toBe(plain);
    // One stamp fewer, one different, one more: a new entity each time.
    const { 'ml-patterns.io/grade': _grade, ...fewer } = STAMPS;
    expect(withStamps(stamped, fewer).metadata.annotations).toEqual({
      'example.com/x': '1',
      ...fewer,
    });
    expect(
      withStamps(stamped, { ...STAMPS, 'ml-patterns.io/grade': 'd' }).metadata
        .annotations?.['ml-patterns.io/grade'],
    ).toBe('d');
    expect(
      withStamps(stamped, { ...STAMPS, 'ml-patterns.io/score': '61' }).metadata
        .annotations?.['ml-patterns.io/score'],
    ).toBe('61');
  });
});

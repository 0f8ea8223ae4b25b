import { Entity } from '@backstage/catalog-model';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { readAnnotationSummary } from './annotationSummary';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  };
}

describe('readAnnotationSummary', () => {
  it('reads well-formed stamped values', () => {
    const summary = readAnnotationSummary(
      entityWith({
        [OUTPUT_ANNOTATIONS.role]: 'model',
        [OUTPUT_ANNOTATIONS.score]: '100',
        [OUTPUT_ANNOTATIONS.grade]: 'a',
        [OUTPUT_ANNOTATIONS.coverage]: '0',
        [OUTPUT_ANNOTATIONS.onlyMe]: 'Detected',
        [OUTPUT_ANNOTATIONS.releasePattern]: 'model-load',
        [OUTPUT_ANNOTATIONS.failedChecks]:
          ' only-me/code-review, ,only-me/team-ownership ',
      }),
    );
    expect(summary).toMatchObject({
      role: 'model',
      score: 100,
      grade: 'A',
      coverage: 0,
      antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'detected' },
      releasePattern: 'model-load',
      failedChecks: ['only-me/code-review', 'only-me/team-ownership'],
      unknownChecks: [],
    });
  });

  it.each(['101', '-1', '4.5', '', 'NaN', '1e2'])(
    'rejects the score %p instead of guessing',
    score => {
      const summary = readAnnotationSummary(
        entityWith({ [OUTPUT_ANNOTATIONS.score]: score }),
      );
      expect(summary.score).toBeNull();
    },
  );

  it('treats an entity without annotations as having no summary', () => {
    const summary = readAnnotationSummary({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'svc' },
    });
    expect(summary).toMatchObject({
      role: null,
      score: null,
      grade: null,
      coverage: null,
      releasePattern: 'unknown',
      failedChecks: [],
    });
  });
});

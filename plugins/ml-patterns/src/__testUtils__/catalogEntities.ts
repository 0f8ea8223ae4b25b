import { Entity } from '@backstage/catalog-model';
import {
  AntiPatternVerdict,
  EntityStamp,
  Grade,
  toStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';

/** A Component stamped as the catalog processor stamps it. */
export function stampedComponent(
  name: string,
  stamp: {
    score: number | null;
    grade: Grade | null;
    allInOne?: AntiPatternVerdict;
    onlyMe?: AntiPatternVerdict;
  },
): Entity {
  const full: EntityStamp = {
    role: 'serving-unit',
    score: stamp.score,
    grade: stamp.grade,
    coverage: 0.8,
    antiPatterns: {
      'all-in-one': stamp.allInOne ?? 'clear',
      'only-me': stamp.onlyMe ?? 'clear',
    },
    releasePattern: 'model-load',
    failedChecks: [],
    unknownChecks: [],
    rulesetVersion: '1',
    evidenceStatus: stamp.score === null ? 'unavailable' : 'ok',
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: toStampAnnotations(full),
    },
    spec: { type: 'model-server', owner: 'group:default/recsys-team' },
  };
}

/**
 * A small catalog: two All-in-one servers (one also Only-me), an Only-me
 * notebook, a clean server, one the processor could not score, and one
 * out of scope.
 */
export const catalogEntities: Entity[] = [
  stampedComponent('recsys-serving', {
    score: 41,
    grade: 'D',
    allInOne: 'detected',
  }),
  stampedComponent('ranker-server', {
    score: 22,
    grade: 'F',
    allInOne: 'detected',
    onlyMe: 'detected',
  }),
  stampedComponent('pricing-notebooks', {
    score: 35,
    grade: 'E',
    onlyMe: 'detected',
  }),
  stampedComponent('image-classifier-server', { score: 96, grade: 'A' }),
  stampedComponent('unreadable-server', {
    score: null,
    grade: null,
    allInOne: 'unknown',
    onlyMe: 'unknown',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'web-frontend', namespace: 'default' },
    spec: { type: 'website', owner: 'group:default/web-team' },
  },
];

export function names(entities: Entity[]): string[] {
  return entities.map(entity => entity.metadata.name).sort();
}

import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The team scorecard page (`/ml-patterns` by default).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'ml-patterns',
});

/**
 * A file of an entity's local source folder, opened from an evidence link
 * (`/ml-patterns/source/component/default/recsys-serving?path=app/main.py&line=8`).
 * Sources in an SCM link to the SCM instead.
 *
 * @public
 */
export const sourceFileRouteRef = createSubRouteRef({
  id: 'ml-patterns/source-file',
  parent: rootRouteRef,
  path: '/source/:kind/:namespace/:name',
});

/**
 * The waivers tab of the ml-patterns page (`/ml-patterns/waivers`): the
 * audit list of every active, expired and invalid waiver.
 *
 * @public
 */
export const waiversRouteRef = createSubRouteRef({
  id: 'ml-patterns/waivers',
  parent: rootRouteRef,
  path: '/waivers',
});

/**
 * The rules tab of the ml-patterns page (`/ml-patterns/rules`): the rule
 * catalog the backend scores with, and how to fix each rule's failure.
 *
 * @public
 */
export const rulesRouteRef = createSubRouteRef({
  id: 'ml-patterns/rules',
  parent: rootRouteRef,
  path: '/rules',
});

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

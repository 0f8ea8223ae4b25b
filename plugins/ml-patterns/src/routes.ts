import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The team scorecard page (`/ml-patterns` by default).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'ml-patterns',
});

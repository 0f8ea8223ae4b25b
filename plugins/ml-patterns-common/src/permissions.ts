import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Scoring a repository that is not in the catalog: the backend reads it
 * through the SCM integrations' credentials, which may reach repositories
 * the caller could not read. Permission policies decide who may; every
 * catalog read of ml-patterns is held to `catalog.entity.read` instead.
 *
 * @public
 */
export const mlPatternsRepositoryScorePermission = createPermission({
  name: 'ml-patterns.repository.score',
  attributes: { action: 'read' },
});

/**
 * Every permission of the ml-patterns plugins.
 *
 * @public
 */
export const mlPatternsPermissions = [mlPatternsRepositoryScorePermission];

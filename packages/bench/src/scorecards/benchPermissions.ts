import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/** Users whose catalog read the bench policy makes CONDITIONAL. */
export const CONDITIONAL_USERS = 'user:default/bench-conditional-';

/**
 * A permission policy for the whole backend (the catalog applies it too):
 * everyone may read the catalog, except the CONDITIONAL_USERS, who may read
 * the kinds the benchmark generates (so they still see every entity, but
 * through their own, conditionally filtered catalog read). Decisions are
 * immediate, like the default with the permission framework off.
 */
export const benchPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const conditional: PolicyDecision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['Component', 'Resource', 'System', 'Domain'] },
      },
    };
    return {
      async authorize(requests) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
      async authorizeConditional(queries, options) {
        const principal = options.credentials.principal as {
          type?: string;
          userEntityRef?: string;
        };
        const limited =
          principal.type === 'user' &&
          !!principal.userEntityRef?.startsWith(CONDITIONAL_USERS);
        return queries.map(query =>
          limited && query.permission.resourceType === 'catalog-entity'
            ? conditional
            : { result: AuthorizeResult.ALLOW },
        );
      },
    };
  },
});

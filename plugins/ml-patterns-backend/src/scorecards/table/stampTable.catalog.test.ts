import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { createCatalogPermissionRule } from '@backstage/plugin-catalog-backend/alpha';
import {
  CatalogService,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  OUTPUT_ANNOTATIONS,
  ScorecardGroupBy,
} from '@ml-patterns/plugin-ml-patterns-common';
import { z } from 'zod';
import { stampedEntity, Stamp } from '../../__testUtils__/stampedEntities';
import { ScorecardService } from '../ScorecardService';
import { catalogConditionFilter } from './catalogConditionFilter';
import { refreshStampTable } from './refreshStampTable';
import { StampTable } from './StampTable';
import { StampTableAccess } from './StampTableAccess';

jest.setTimeout(180_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SECRET = 'example.com/secret';
const LOCATION = 'test:stamp-table';
const MANAGED = {
  'backstage.io/managed-by-location': LOCATION,
  'backstage.io/managed-by-origin-location': LOCATION,
};

/** A valid stamped catalog entity (the catalog checks each kind's spec). */
function ml(options: {
  kind?: 'Component' | 'Resource';
  name: string;
  owner: string;
  system?: string;
  type?: string;
  title?: string;
  labels?: Record<string, string>;
  secret?: boolean;
  stamp: Stamp;
}): Entity {
  const entity = stampedEntity({
    ...options,
    type: options.type ?? 'model-server',
    extraAnnotations: options.secret ? { [SECRET]: 'yes' } : undefined,
  });
  if (options.labels) {
    entity.metadata.labels = options.labels;
  }
  if (entity.kind === 'Component') {
    entity.spec = { ...entity.spec, lifecycle: 'production' };
  }
  return entity;
}

function system(name: string, domain?: string, secret = false): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      namespace: 'default',
      ...(secret ? { annotations: { [SECRET]: 'yes' } } : {}),
    },
    spec: { owner: 'group:default/platform', ...(domain ? { domain } : {}) },
  };
}

const ENTITIES: Entity[] = [
  system('vision', 'perception'),
  system('churn', 'growth'),
  system('hidden-system', 'perception', true),
  ml({
    name: 'detector',
    owner: 'vision-team',
    system: 'vision',
    stamp: { score: 40, grade: 'E', coverage: 1, allInOne: 'detected' },
  }),
  ml({
    name: 'classifier',
    owner: 'group:default/vision-team',
    system: 'vision',
    title: 'Image classifier',
    labels: { tier: 'Gold' },
    stamp: {
      score: 91,
      grade: 'A',
      coverage: 0.8,
      releasePattern: 'model-load',
      waivedChecks: ['only-me/code-review'],
    },
  }),
  ml({
    kind: 'Resource',
    name: 'churn-model',
    type: 'ml-model',
    owner: 'user:default/jane',
    system: 'churn',
    stamp: {
      role: 'model',
      score: 20,
      grade: 'F',
      coverage: 0.5,
      onlyMe: 'detected',
      failedChecks: ['only-me/team-ownership'],
    },
  }),
  ml({
    name: 'secret-ranker',
    owner: 'vision-team',
    system: 'hidden-system',
    secret: true,
    stamp: { score: 70, grade: 'C', coverage: 0.9 },
  }),
  ml({
    name: 'mystery',
    owner: 'growth-team',
    stamp: { coverage: 0, allInOne: 'unknown', onlyMe: 'unknown' },
  }),
  ml({
    name: 'gold-pipeline',
    type: 'training-pipeline',
    owner: 'growth-team',
    system: 'churn',
    labels: { tier: 'gold' },
    stamp: { role: 'repository', score: 66, grade: 'C', coverage: 0.75 },
  }),
  ml({
    kind: 'Resource',
    name: 'images',
    type: 'dataset',
    owner: 'vision-team',
    system: 'vision',
    stamp: { role: 'dataset', allInOne: 'not-applicable' },
  }),
];

const STAMPED = ENTITIES.filter(
  e => e.metadata.annotations?.[OUTPUT_ANNOTATIONS.role],
).length;

const conditional = (conditions: unknown): PolicyDecision =>
  ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions,
  } as PolicyDecision);

const condition = (rule: string, params: object) => ({
  rule,
  resourceType: 'catalog-entity',
  params,
});

/** Each test user's catalog read decision, and how many scored entities it shows. */
const CALLERS: Record<string, { decision: PolicyDecision; counted: number }> = {
  'user:default/admin': {
    decision: { result: AuthorizeResult.ALLOW },
    counted: 6,
  },
  'user:default/vision': {
    decision: conditional(
      condition('IS_ENTITY_OWNER', { claims: ['group:default/vision-team'] }),
    ),
    counted: 3,
  },
  'user:default/gold-or-models': {
    decision: conditional({
      anyOf: [
        condition('HAS_LABEL', { label: 'tier', value: 'GOLD' }),
        condition('IS_ENTITY_KIND', { kinds: ['resource'] }),
      ],
    }),
    counted: 3,
  },
  'user:default/no-secrets': {
    decision: conditional({
      not: condition('HAS_ANNOTATION', { annotation: SECRET }),
    }),
    counted: 5,
  },
  'user:default/untitled-servers': {
    decision: conditional({
      allOf: [
        condition('HAS_SPEC', { key: 'type', value: 'Model-Server' }),
        { not: condition('HAS_METADATA', { key: 'title' }) },
        { anyOf: [condition('IS_ENTITY_KIND', { kinds: ['component'] })] },
      ],
    }),
    counted: 3,
  },
  'user:default/systems-and-vision': {
    decision: conditional({
      anyOf: [
        condition('IS_ENTITY_KIND', { kinds: ['System'] }),
        condition('HAS_SPEC', { key: 'system', value: 'vision' }),
      ],
    }),
    counted: 2,
  },
  // A rule the table cannot translate: only the catalog can apply it.
  'user:default/custom': {
    decision: conditional(condition('IN_SYSTEM', { system: 'churn' })),
    counted: 2,
  },
  'user:default/nobody': {
    decision: { result: AuthorizeResult.DENY },
    counted: 0,
  },
};

/** A rule of the catalog's that is not one of its built-in ones. */
const inSystem = createCatalogPermissionRule({
  name: 'IN_SYSTEM',
  description: 'Entities in a system',
  resourceType: 'catalog-entity',
  paramsSchema: z.object({ system: z.string() }),
  apply: (entity, { system: name }) =>
    (entity.spec as { system?: string } | undefined)?.system === name,
  toQuery: ({ system: name }) => ({ key: 'spec.system', values: [name] }),
});

const decisionOf = (credentials: BackstageCredentials): PolicyDecision => {
  const principal = credentials.principal as { userEntityRef?: string };
  return (
    CALLERS[principal.userEntityRef ?? '']?.decision ?? {
      result: AuthorizeResult.ALLOW,
    }
  );
};

/** Users on whose behalf the table-backed service read the catalog. */
const userReads: string[] = [];

/** The catalog, recording each read made with a user's credentials. */
function recording(catalog: CatalogService): CatalogService {
  return new Proxy(catalog, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        const options = args[1] as
          | { credentials?: BackstageCredentials }
          | undefined;
        const principal = options?.credentials?.principal as
          | { userEntityRef?: string }
          | undefined;
        if (principal?.userEntityRef) {
          userReads.push(principal.userEntityRef);
        }
        return value.apply(target, args);
      };
    },
  });
}

const permissions = mockServices.permissions.mock({
  async authorizeConditional(queries, options) {
    return queries.map(() => decisionOf(options.credentials)) as any;
  },
});

describe('the stamp table against the real catalog', () => {
  let catalog: CatalogService;
  let auth: AuthService;
  let connection: EntityProviderConnection;
  let stop: () => Promise<void>;

  /** Gives the catalog these entities, and waits until it has stitched them. */
  async function load(entities: Entity[]) {
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity: {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: { ...entity.metadata.annotations, ...MANAGED },
          },
        },
        locationKey: LOCATION,
      })),
    });
    const credentials = await auth.getOwnServiceCredentials();
    const specs = new Map(
      entities.map(e => [e.metadata.name, JSON.stringify(e.spec)]),
    );
    for (;;) {
      const { items } = await catalog.getEntities({}, { credentials });
      const settled = items.filter(
        e =>
          specs.get(e.metadata.name) === JSON.stringify(e.spec) &&
          e.relations?.some(
            r =>
              r.type === 'ownedBy' &&
              r.targetRef.endsWith(
                `/${String((e.spec as { owner?: string }).owner)
                  .split('/')
                  .pop()}`,
              ),
          ),
      );
      if (items.length === entities.length && settled.length === items.length) {
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    const testEntities = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'stamp-table-test',
      register(env) {
        env.registerInit({
          deps: {
            processing: catalogProcessingExtensionPoint,
            registry: coreServices.permissionsRegistry,
          },
          async init({ processing, registry }) {
            registry.addPermissionRules([inSystem]);
            processing.addEntityProvider({
              getProviderName: () => 'stamp-table-test',
              async connect(c) {
                connection = c;
              },
            });
          },
        });
      },
    });
    const capture = createBackendPlugin({
      pluginId: 'capture',
      register(env) {
        env.registerInit({
          deps: { c: catalogServiceRef, a: coreServices.auth },
          async init({ c, a }) {
            catalog = c;
            auth = a;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        testEntities,
        capture,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: { processingInterval: { seconds: 1 } },
          },
        }),
      ],
    });
    stop = () => backend.stop();
    await load(ENTITIES);
  });

  afterAll(async () => {
    await stop?.();
  });

  it('cannot translate the custom rule: those callers are left to the catalog', () => {
    const decision = CALLERS['user:default/custom'].decision;
    expect(
      decision.result === AuthorizeResult.CONDITIONAL &&
        catalogConditionFilter(decision.conditions),
    ).toBeUndefined();
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let table: StampTable;
    let fast: ScorecardService;
    let exact: ScorecardService;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      table = await StampTable.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      await refreshStampTable({ catalog, auth, table });
      fast = new ScorecardService(recording(catalog), {
        table: new StampTableAccess(table, { permissions, maxAgeMs: 600_000 }),
      });
      // Each caller's own catalog read: the catalog applies the policy.
      exact = new ScorecardService(catalog);
    });

    const GROUPINGS: ScorecardGroupBy[] = ['owner', 'system', 'domain'];

    it.each(Object.keys(CALLERS))(
      'gives %s the scorecards and lists of their own catalog read',
      async user => {
        userReads.length = 0;
        const credentials = mockCredentials.user(user);
        for (const groupBy of GROUPINGS) {
          const expected = await exact.scorecards({ groupBy, credentials });
          const actual = await fast.scorecards({ groupBy, credentials });
          expect(actual).toEqual(expected);
          const counted = actual.rows.reduce((n, r) => n + r.entityCount, 0);
          expect(counted).toBe(CALLERS[user].counted);
          for (const row of expected.rows) {
            const group = { groupBy, groupRef: row.groupRef, credentials };
            expect(await fast.entities(group)).toEqual(
              await exact.entities(group),
            );
            expect(await fast.groupVisible(group)).toBe(true);
          }
          const hidden = {
            groupBy,
            groupRef: 'group:default/nope',
            credentials,
          };
          expect(await fast.groupVisible(hidden)).toBe(false);
        }
        for (const filter of [
          {},
          { kind: 'component' },
          { type: 'MODEL-SERVER', system: 'vision' },
          { grades: ['C' as const, 'ungraded' as const] },
          { onlyMe: 'detected' as const, owner: 'user:default/jane' },
        ]) {
          expect(await fast.list({ ...filter, credentials })).toEqual(
            await exact.list({ ...filter, credentials }),
          );
        }
        expect(
          await fast.scorecards({
            groupBy: 'owner',
            kind: 'Resource',
            credentials,
          }),
        ).toEqual(
          await exact.scorecards({
            groupBy: 'owner',
            kind: 'Resource',
            credentials,
          }),
        );
        // Answered from the table, except for the rule only the catalog
        // knows: that caller's scorecards come from their own reads.
        expect(userReads.includes(user)).toBe(user === 'user:default/custom');
      },
    );

    it('leaves callers to the catalog when the table is older than allowed', async () => {
      const credentials = mockCredentials.user('user:default/vision');
      const stale = new StampTableAccess(table, {
        permissions,
        maxAgeMs: 60_000,
        now: () => Date.now() + 120_000,
      });
      expect(await stale.answer({ groupBy: 'owner', credentials })).toBe(
        undefined,
      );
      const fresh = new StampTableAccess(table, {
        permissions,
        maxAgeMs: 60_000,
      });
      expect(await fresh.answer({ groupBy: 'owner', credentials })).toEqual({
        query: {
          groupBy: 'owner',
          visible: {
            key: 'relations.ownedby',
            values: ['group:default/vision-team'],
          },
        },
      });
    });

    it('follows the catalog: changed, new and removed entities after a refresh', async () => {
      const changed = ENTITIES.filter(e => e.metadata.name !== 'mystery').map(
        e =>
          e.metadata.name === 'detector'
            ? ml({
                name: 'detector',
                owner: 'growth-team',
                system: 'churn',
                stamp: { score: 95, grade: 'A', coverage: 1 },
              })
            : e,
      );
      changed.push(
        ml({
          name: 'newcomer',
          owner: 'vision-team',
          system: 'vision',
          stamp: { score: 55, grade: 'D', coverage: 0.6 },
        }),
      );
      await load(changed);
      const refresh = await refreshStampTable({ catalog, auth, table });
      // Only what changed is read again and written.
      expect(refresh.stamped).toBe(STAMPED);
      expect(refresh.removed).toBe(1);
      // The two stamped entities, and at most the two systems they moved
      // between: the rest is not read again.
      expect(refresh.written).toBeGreaterThanOrEqual(2);
      expect(refresh.written).toBeLessThanOrEqual(4);
      for (const user of Object.keys(CALLERS)) {
        const caller = mockCredentials.user(user);
        for (const groupBy of GROUPINGS) {
          expect(
            await fast.scorecards({ groupBy, credentials: caller }),
          ).toEqual(await exact.scorecards({ groupBy, credentials: caller }));
        }
      }
      await load(ENTITIES);
    });
  });
});

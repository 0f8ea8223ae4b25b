import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENTITY_COUNT } from '../options';
import { ORG, Repository } from './repositories';

/** Entities per team block; blocks alternate ML team / non-ML team. */
const BLOCK = 25;

function source(repo: string): Record<string, string> {
  return {
    'backstage.io/source-location': `url:https://github.com/${ORG}/${repo}/tree/main/`,
  };
}

/** Makes the Components and Resources of one team's system. */
function teamCatalog(t: number) {
  const owner = `team-${t}`;
  const system = `system-${t}`;
  const entity =
    (kind: 'Component' | 'Resource') =>
    (
      name: string,
      type: string,
      annotations: Record<string, string>,
      dependsOn: string[] = [],
    ): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, annotations, description: `${type} ${name}` },
      spec: {
        type,
        ...(kind === 'Component' ? { lifecycle: 'production' } : {}),
        owner,
        system,
        ...(dependsOn.length ? { dependsOn } : {}),
      },
    });
  const component = entity('Component');
  return {
    component,
    resource: entity('Resource'),
    /** A Component whose source is a repository of its own name. */
    ownRepository: (name: string, type: string, dependsOn: string[] = []) =>
      component(name, type, source(name), dependsOn),
  };
}

function teamBasics(t: number, users: number): Entity[] {
  const team = `team-${t}`;
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [] },
    },
    ...Array.from(
      { length: users },
      (_, u): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `person-${t}-${u}` },
        spec: { memberOf: [team] },
      }),
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${t}` },
      spec: { owner: team },
    },
  ];
}

/**
 * An ML team (25 entities, 13 in scope): group, 5 users, system, dataset,
 * 2 training pipelines, 6 models (4 of them without a source of their own:
 * their code is the training pipeline they depend on), 4 services serving
 * models (one of them serving three: All-in-one; two sharing a
 * kubernetes-id), a model server, 2 plain services, a database, a library.
 */
function mlTeam(
  t: number,
  repos: { serving: Repository[]; training: Repository[] },
): Entity[] {
  const { component, resource, ownRepository } = teamCatalog(t);
  const servingRepo = (k: number) =>
    repos.serving[(t * 5 + k) % repos.serving.length].name;
  const trainingRepo = (k: number) =>
    repos.training[(t * 2 + k) % repos.training.length].name;
  const libs = [
    'scikit-learn==1.4.2',
    'torch==2.2.2',
    'onnxruntime==1.17.3, numpy==1.26.4',
    'lightgbm==4.3.0',
  ];
  const entities: Entity[] = [...teamBasics(t, 5)];
  entities.push(resource(`dataset-${t}`, 'dataset', {}));
  for (let k = 0; k < 2; k++) {
    entities.push(
      component(
        `training-${t}-${k}`,
        'training-pipeline',
        source(trainingRepo(k)),
        [`resource:dataset-${t}`],
      ),
    );
  }
  for (let m = 0; m < 6; m++) {
    entities.push(
      resource(
        `model-${t}-${m}`,
        'ml-model',
        {
          'ml-patterns.io/required-libraries': libs[(t + m) % libs.length],
          ...(m >= 4 ? source(trainingRepo(m % 2)) : {}),
        },
        [`component:training-${t}-${m % 2}`, `resource:dataset-${t}`],
      ),
    );
  }
  const served = [[0, 1, 2], [3], [4], [5]];
  served.forEach((models, k) =>
    entities.push(
      component(
        `serving-${t}-${k}`,
        'service',
        {
          ...source(servingRepo(k)),
          'backstage.io/kubernetes-id': `serving-${t}-${k < 2 ? 0 : k}`,
        },
        models.map(m => `resource:model-${t}-${m}`),
      ),
    ),
  );
  entities.push(
    component(
      `model-server-${t}`,
      'model-server',
      {
        ...source(servingRepo(4)),
        'backstage.io/kubernetes-id': `model-server-${t}`,
      },
      [`resource:model-${t}-5`],
    ),
  );
  entities.push(resource(`db-${t}-0`, 'database', {}));
  for (let k = 0; k < 2; k++) {
    entities.push(
      ownRepository(`app-${t}-${k}`, 'service', [`resource:db-${t}-0`]),
    );
  }
  entities.push(ownRepository(`lib-${t}-0`, 'library'));
  return entities;
}

/**
 * An ordinary team (25 entities, none in scope): group, 6 users, system,
 * 8 services (depending on databases and on each other), 3 websites,
 * 2 libraries, 3 databases, an API.
 */
function plainTeam(t: number): Entity[] {
  const { resource, ownRepository } = teamCatalog(t);
  const entities: Entity[] = [...teamBasics(t, 6)];
  for (let k = 0; k < 8; k++) {
    entities.push(
      ownRepository(`app-${t}-${k}`, 'service', [
        `resource:db-${t}-${k % 3}`,
        ...(k > 0 ? [`component:app-${t}-0`] : []),
      ]),
    );
  }
  for (let k = 0; k < 3; k++) {
    entities.push(ownRepository(`web-${t}-${k}`, 'website'));
  }
  for (let k = 0; k < 2; k++) {
    entities.push(ownRepository(`lib-${t}-${k}`, 'library'));
  }
  for (let k = 0; k < 3; k++) {
    entities.push(resource(`db-${t}-${k}`, 'database', {}));
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: `api-${t}` },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: `team-${t}`,
      system: `system-${t}`,
      definition:
        'openapi: 3.0.0\ninfo:\n  title: API\n  version: 1.0.0\npaths: {}\n',
    },
  });
  return entities;
}

/**
 * Whether the generated entity is one the module scores: a training
 * pipeline, a model, a model server, or a service serving a model (the 13
 * of an ML team).
 */
function isInScope(entity: Entity): boolean {
  const spec = entity.spec as { type?: string; dependsOn?: string[] };
  return (
    ['training-pipeline', 'ml-model', 'model-server'].includes(
      spec.type ?? '',
    ) || (spec.dependsOn ?? []).some(ref => ref.startsWith('resource:model-'))
  );
}

/** The entity's ref as the catalog stores it (`kind:default/name`). */
const refOf = (entity: Entity) =>
  `${entity.kind.toLocaleLowerCase('en-US')}:default/${entity.metadata.name}`;

function toYaml(entities: Entity[]): string {
  // JSON is YAML; one document per entity.
  return entities.map(e => `---\n${JSON.stringify(e)}\n`).join('');
}

/**
 * Writes the generated organisation as catalog files, one per team, under a
 * temporary folder, and a Location entity (`root`) that targets them all.
 */
export function writeCatalog(
  repos: {
    serving: Repository[];
    training: Repository[];
  },
  entityCount: number = ENTITY_COUNT,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-patterns-bench-'));
  const blocks = Math.ceil(entityCount / BLOCK);
  const targets: string[] = [];
  let entities = 0;
  const inScopeRefs: string[] = [];
  for (let t = 0; t < blocks; t++) {
    const isMl = t % 2 === 0;
    const list = isMl ? mlTeam(t, repos) : plainTeam(t);
    entities += list.length;
    inScopeRefs.push(...list.filter(isInScope).map(refOf));
    const file = `team-${String(t).padStart(3, '0')}.yaml`;
    fs.writeFileSync(path.join(dir, file), toYaml(list));
    targets.push(`./${file}`);
  }
  const root = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(
    root,
    toYaml([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'bench-org' },
        spec: { targets },
      },
    ]),
  );
  return {
    dir,
    root,
    entities,
    inScope: inScopeRefs.length,
    inScopeRefs,
    files: blocks,
  };
}

import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  EntityRole,
  GRADES,
  toStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';
import { seededRandom } from '../shared/random';

const TEAMS = 100;
const SYSTEMS = 200;
const DOMAINS = 12;
const ROLE_OF_TYPE: Record<string, EntityRole> = {
  'ml-model': 'model',
  'model-server': 'serving-unit',
  'training-pipeline': 'repository',
};

const LOCATION = 'bench:generated';
const managed = {
  'backstage.io/managed-by-location': LOCATION,
  'backstage.io/managed-by-origin-location': LOCATION,
};

/**
 * The organisation the scorecards bench loads: 12 domains, 200 systems
 * owned by 100 teams, and `entityCount` ML entities (30 % models, 50 %
 * model servers, 20 % training pipelines) carrying the annotations the
 * catalog processor stamps; 5 % have no score. The same on every run.
 */
export function generateStampedCatalog(entityCount: number): Entity[] {
  const random = seededRandom(42);
  const entities: Entity[] = [];
  for (let d = 0; d < DOMAINS; d++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `domain-${d}`, annotations: managed },
      spec: { owner: 'group:default/platform' },
    });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}`, annotations: managed },
      spec: { owner: `team-${s % TEAMS}`, domain: `domain-${s % DOMAINS}` },
    });
  }
  for (let i = 0; i < entityCount; i++) {
    const kindPick = i % 10;
    const isModel = kindPick < 3;
    let type = 'training-pipeline';
    if (isModel) {
      type = 'ml-model';
    } else if (kindPick < 8) {
      type = 'model-server';
    }
    const scored = random() > 0.05;
    const score = Math.floor(random() * 101);
    const coverage = Math.floor(random() * 101) / 100;
    const allInOne = random() < 0.1 ? 'detected' : 'clear';
    const onlyMe = random() < 0.2 ? 'detected' : 'clear';
    const annotations: Record<string, string> = {
      ...managed,
      ...toStampAnnotations({
        role: ROLE_OF_TYPE[type],
        score: scored ? score : null,
        grade: scored
          ? GRADES[Math.min(5, Math.floor((100 - score) / 17))]
          : null,
        coverage,
        antiPatterns: { 'all-in-one': allInOne, 'only-me': onlyMe },
        releasePattern:
          type === 'model-server' ? 'model-load' : 'not-applicable',
        failedChecks: ['only-me/code-review', 'only-me/pinned-dependencies'],
        unknownChecks: [],
        rulesetVersion: '1',
        evidenceStatus: 'ok',
      }),
    };
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: isModel ? 'Resource' : 'Component',
      metadata: {
        name: `ml-entity-${i}`,
        annotations,
        description: 'A generated ML entity for the scorecard benchmark',
      },
      spec: {
        type,
        owner:
          i % 7 === 0 ? `user:default/person-${i % 50}` : `team-${i % TEAMS}`,
        system: `system-${i % SYSTEMS}`,
        ...(isModel ? {} : { lifecycle: 'production' }),
      },
    });
  }
  return entities;
}

/** Loads the generated entities into the catalog, as one full mutation. */
export class StampedEntityProvider implements EntityProvider {
  constructor(private readonly entities: Entity[]) {}
  getProviderName() {
    return 'ml-patterns-bench';
  }
  async connect(connection: EntityProviderConnection) {
    await connection.applyMutation({
      type: 'full',
      entities: this.entities.map(entity => ({
        entity,
        locationKey: LOCATION,
      })),
    });
  }
}

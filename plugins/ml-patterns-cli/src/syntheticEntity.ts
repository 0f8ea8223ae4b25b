import { Entity } from '@backstage/catalog-model';
import { EntityRole } from '@ml-patterns/plugin-ml-patterns-common';
import path from 'node:path';

/** A valid entity name from a folder name (Backstage: [a-z0-9A-Z-_.], ≤ 63). */
export function entityNameFromFolder(folder: string): string {
  const name = path
    .basename(folder)
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^a-zA-Z0-9]+$/g, '');
  return name || 'repository';
}

/** The spec.type that puts a synthetic Component in the given role by default scope. */
const TYPE_FOR_ROLE: Record<EntityRole, string> = {
  'serving-unit': 'model-server',
  repository: 'ml-pipeline',
  model: 'ml-model',
  dataset: 'dataset',
};

/**
 * The entity scored when the folder has no catalog descriptor: a Component
 * named after the folder; its owner only when the caller names one (a
 * folder alone does not say who owns it).
 */
export function syntheticEntity(
  folder: string,
  role: EntityRole,
  owner?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: role === 'model' || role === 'dataset' ? 'Resource' : 'Component',
    metadata: {
      name: entityNameFromFolder(folder),
      namespace: 'default',
      annotations: {
        'backstage.io/source-location': `dir:${folder}`,
        'ml-patterns.io/scope': role,
      },
    },
    spec: {
      type: TYPE_FOR_ROLE[role],
      lifecycle: 'unknown',
      ...(owner ? { owner } : {}),
    },
  };
}

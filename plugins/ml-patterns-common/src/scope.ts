import { EntityRole } from './types';

/**
 * One scope entry: entities of `kind` whose `spec.type` is one of `types`
 * (case-insensitive; `*` matches any). With `when: depends-on-ml` the entity
 * is in scope only if it dependsOn a model or a dataset — so a plain
 * `service` that serves a model is scored, and other services are not.
 *
 * @public
 */
export interface ScopeEntry {
  kind: string;
  types: string[];
  when?: 'always' | 'depends-on-ml';
}

/**
 * Which catalog entities get which role.
 *
 * @public
 */
export type ScopeConfig = Record<EntityRole, ScopeEntry[]>;

/**
 * Defaults cover the common conventions: `ml-model`/`model` Resources, Red
 * Hat's model-catalog bridge (`ai-model` Resources served by `model-server`
 * Components), services that depend on a model, and training repositories.
 *
 * @public
 */
export const DEFAULT_SCOPE: ScopeConfig = {
  model: [{ kind: 'resource', types: ['ml-model', 'ai-model', 'model'] }],
  'serving-unit': [
    {
      kind: 'component',
      types: ['model-server', 'inference-service', 'ml-service'],
    },
    { kind: 'component', types: ['service'], when: 'depends-on-ml' },
  ],
  repository: [
    {
      kind: 'component',
      types: ['training-pipeline', 'ml-pipeline', 'ml-library', 'notebook'],
    },
    { kind: 'component', types: ['library'], when: 'depends-on-ml' },
  ],
  dataset: [{ kind: 'resource', types: ['dataset'] }],
};

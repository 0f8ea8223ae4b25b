import { Entity } from '@backstage/catalog-model';
import {
  BACKSTAGE_ANNOTATIONS,
  EntityRole,
  INPUT_ANNOTATIONS,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
// The public types this alpha API uses are imported by the package's name,
// as its users import them.
import type {
  MlPatternsRule,
  RelatedFacts,
  RepositoryEvidence,
} from '@ml-patterns/plugin-ml-patterns-node';
import { noRelatedFacts } from '../engine/noRelatedFacts';
import { looksLikeServing } from '../evidence/looksLikeServing';

/** The `spec.type` that puts a stand-in in its role by the default scope. */
const TYPE_FOR_ROLE: Record<EntityRole, string> = {
  'serving-unit': 'model-server',
  repository: 'ml-pipeline',
  model: 'ml-model',
  dataset: 'dataset',
};

/**
 * A valid entity name (Backstage: `[a-zA-Z0-9._-]`, at most 63 characters,
 * starting and ending with a letter or digit) made from a folder's or a
 * repository's name; `repository` when nothing of it is left.
 *
 * @alpha
 */
export function standInName(text: string): string {
  const name = text
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^a-zA-Z0-9]+$/, '');
  return name || 'repository';
}

/**
 * What scoring a repository that is not in the catalog runs on.
 *
 * @alpha
 */
export interface StandIn {
  /** The entity standing for the repository. */
  entity: Entity;
  /** The role it is scored in. */
  role: EntityRole;
  /** Outside the catalog there are no related entities to learn facts from. */
  related: RelatedFacts;
  /** The rules to run on it. */
  rules: MlPatternsRule[];
}

/**
 * The entity standing for a repository outside the catalog (a local
 * folder the command line scores, a web address the REST API scores): a
 * Component (a Resource for a model or dataset) in the given role, else in
 * the `serving-unit` role when the repository deploys or serves a model and
 * `repository` otherwise. Its owner is only the one given: a repository
 * alone does not say who owns it, so without one the team ownership check
 * is unknown rather than failed.
 *
 * @alpha
 */
export function standInFor(options: {
  /** A valid entity name, e.g. from {@link standInName}. */
  name: string;
  /** Its `backstage.io/source-location`, e.g. `url:https://…` or `dir:/…`. */
  sourceLocation: string;
  /** What was read of it. */
  evidence: RepositoryEvidence;
  role?: EntityRole;
  owner?: string;
  /** The rules in force. */
  rules: ReadonlyArray<MlPatternsRule>;
  /** The team ownership check's message when no owner is given: how to name one. */
  noOwnerMessage: string;
}): StandIn {
  const { evidence, owner } = options;
  const role =
    options.role ??
    (evidence.status === 'ok' && looksLikeServing(evidence)
      ? 'serving-unit'
      : 'repository');
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: role === 'model' || role === 'dataset' ? 'Resource' : 'Component',
    metadata: {
      name: options.name,
      namespace: 'default',
      annotations: {
        [BACKSTAGE_ANNOTATIONS.sourceLocation]: options.sourceLocation,
        [INPUT_ANNOTATIONS.scope]: role,
      },
    },
    spec: {
      type: TYPE_FOR_ROLE[role],
      lifecycle: 'unknown',
      ...(owner ? { owner } : {}),
    },
  };
  const ownershipUnknown = (rule: MlPatternsRule): MlPatternsRule => ({
    ...rule,
    evaluate: () => ({
      verdict: 'unknown',
      message: options.noOwnerMessage,
      evidence: [],
    }),
  });
  return {
    entity,
    role,
    related: noRelatedFacts(),
    rules: options.rules.map(rule =>
      !owner && rule.id === RULE_IDS.teamOwnership
        ? ownershipUnknown(rule)
        : rule,
    ),
  };
}

import { Entity } from '@backstage/catalog-model';
import { EntityRole } from '@ml-patterns/plugin-ml-patterns-common';
import {
  ContainerFacts,
  DependencyManifestFacts,
  DockerfileFacts,
  ModelLoaderFacts,
  RepositoryEvidence,
  RequirementFacts,
  WorkloadFacts,
  unavailableEvidence,
} from '../../evidence/types';
import { noRelatedFacts } from '../noRelatedFacts';
import { EvaluationInput, RelatedFacts } from '../types';

/**
 * Small builders for engine inputs: each test states only the facts that
 * matter to it.
 */

export function makeEntity(
  options: {
    kind?: string;
    name?: string;
    type?: string;
    owner?: string | null;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const spec: Record<string, string> = {};
  if (options.type !== undefined) spec.type = options.type;
  if (options.owner !== null)
    spec.owner = options.owner ?? 'group:default/ml-team';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name: options.name ?? 'recommender',
      namespace: 'default',
      annotations: options.annotations ?? {},
    },
    spec,
  };
}

export function makeRelated(
  overrides: Partial<RelatedFacts> = {},
): RelatedFacts {
  return { ...noRelatedFacts(), ...overrides };
}

export const relatedUnavailable: RelatedFacts = makeRelated({
  status: 'unavailable',
  reason: 'catalog lookup failed',
});

export function makeEvidence(
  overrides: Partial<RepositoryEvidence> = {},
): RepositoryEvidence {
  return {
    ...unavailableEvidence(''),
    status: 'ok',
    reason: undefined,
    location: 'url:https://github.com/acme/recommender/tree/main/',
    fileCount: 12,
    ...overrides,
  };
}

export const unreadable: RepositoryEvidence = unavailableEvidence(
  'repository not found',
  'url:https://github.com/acme/gone',
);

export function makeContainer(
  overrides: Partial<ContainerFacts> = {},
): ContainerFacts {
  return { name: 'server', env: [], ...overrides };
}

export function makeWorkload(
  overrides: Partial<WorkloadFacts> = {},
): WorkloadFacts {
  return {
    path: 'deploy/deployment.yaml',
    line: 1,
    kind: 'Deployment',
    name: 'recommender',
    containers: [makeContainer({ image: 'acme/recommender:1.0', line: 18 })],
    initContainers: [],
    modelsLoaded: null,
    modelsLoadedEvidence: [],
    ...overrides,
  };
}

export function makeDockerfile(
  overrides: Partial<DockerfileFacts> = {},
): DockerfileFacts {
  return {
    path: 'Dockerfile',
    stages: [
      {
        name: '0',
        baseImage: 'python:3.11-slim',
        line: 1,
        copies: [],
        env: [],
        args: [],
        run: [],
      },
    ],
    modelsIntoImage: [],
    installsManifests: [],
    startupDownloads: [],
    ...overrides,
  };
}

export function req(
  name: string,
  specifier: string,
  line?: number,
): RequirementFacts {
  const exact = /^===?[^*]+$/.test(specifier);
  return { name, specifier, pinned: exact, line };
}

export function makeManifest(
  path: string,
  requirements: RequirementFacts[],
  kind: DependencyManifestFacts['kind'] = 'requirements',
): DependencyManifestFacts {
  return { path, kind, requirements, includes: [] };
}

export function makeLoader(
  overrides: Partial<ModelLoaderFacts> = {},
): ModelLoaderFacts {
  return {
    path: 'app/main.py',
    line: 10,
    call: 'joblib.load',
    configured: false,
    downloads: false,
    multiple: false,
    ...overrides,
  };
}

export function makeInput(
  options: {
    role?: EntityRole;
    entity?: Entity;
    related?: RelatedFacts;
    evidence?: RepositoryEvidence | null;
  } = {},
): EvaluationInput {
  return {
    role: options.role ?? 'serving-unit',
    entity: options.entity ?? makeEntity(),
    related: options.related ?? makeRelated(),
    evidence:
      options.evidence === null
        ? undefined
        : options.evidence ?? makeEvidence(),
  };
}

/** Model-load evidence: a KServe InferenceService pulling the model from storage. */
export function kserveWorkload(
  overrides: Partial<WorkloadFacts> = {},
): WorkloadFacts {
  return makeWorkload({
    kind: 'InferenceService',
    name: 'recommender',
    path: 'deploy/isvc.yaml',
    containers: [],
    storageUri: {
      path: 'deploy/isvc.yaml',
      line: 12,
      value: 'gs://acme-models/recommender/v3',
    },
    modelFormat: { name: 'sklearn' },
    modelsLoaded: 1,
    ...overrides,
  });
}

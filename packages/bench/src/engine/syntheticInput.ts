import { Entity } from '@backstage/catalog-model';
import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import {
  EvaluationInput,
  RelatedFacts,
  RepositoryEvidence,
  unavailableEvidence,
  WorkloadFacts,
} from '@ml-patterns/plugin-ml-patterns-node';

const ROLES = [
  { role: 'serving-unit' as const, below: 0.5 },
  { role: 'model' as const, below: 0.75 },
  { role: 'repository' as const, below: Infinity },
];
const TYPE_OF_ROLE = {
  'serving-unit': 'model-server',
  model: 'ml-model',
  repository: 'training-pipeline',
};

/**
 * One entity of the synthetic organisation with its catalog facts and
 * repository evidence already collected: half serving units, a quarter
 * models, a quarter repositories; some evidence missing or unavailable.
 */
export function syntheticInput(i: number, next: () => number): EvaluationInput {
  const roll = next();
  const role = ROLES.find(r => roll < r.below)!.role;
  const pick = <T>(values: T[]): T =>
    values[Math.floor(next() * values.length)];
  const annotations: Record<string, string> = {};
  if (next() < 0.1) {
    annotations[INPUT_ANNOTATIONS.waivers] = [
      'all-in-one/one-model-per-server:',
      '  reason: ModelMesh on purpose',
      '  approvedBy: group:default/ml-platform',
      '  until: 2099-12-31',
    ].join('\n');
  }
  if (next() < 0.2) {
    annotations[INPUT_ANNOTATIONS.dataset] = `s3://data/set-${i}`;
  }
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: role === 'model' ? 'Resource' : 'Component',
    metadata: { name: `entity-${i}`, namespace: 'default', annotations },
    spec: {
      type: TYPE_OF_ROLE[role],
      owner:
        next() < 0.8
          ? `group:default/team-${i % 50}`
          : `user:default/person-${i % 300}`,
    },
  };
  const modelCount = Math.floor(next() * 3);
  const related: RelatedFacts = {
    status: next() < 0.97 ? 'ok' : 'unavailable',
    servedModels: Array.from({ length: modelCount }, (_, m) => ({
      entityRef: `resource:default/model-${i}-${m}`,
      requiredLibraries:
        next() < 0.5 ? 'scikit-learn==1.4.2, numpy==1.26.4' : undefined,
    })),
    servingUnits:
      role === 'model'
        ? [
            {
              entityRef: `component:default/svc-${i}`,
              modelCount: 1 + Math.floor(next() * 2),
            },
          ]
        : [],
    serverGroupPeers:
      next() < 0.1
        ? [
            {
              entityRef: `component:default/peer-${i}`,
              group: `grp-${i % 20}`,
              field: 'metadata.annotations.backstage.io/kubernetes-id',
            },
          ]
        : [],
    datasets: next() < 0.4 ? [`resource:default/data-${i % 100}`] : [],
    codeEntities:
      role === 'model' && next() < 0.6 ? [`component:default/train-${i}`] : [],
  };
  const evidenceRoll = next();
  let evidence: RepositoryEvidence | undefined;
  if (evidenceRoll < 0.1) {
    evidence = undefined;
  } else if (evidenceRoll < 0.15) {
    evidence = unavailableEvidence(
      'cap exceeded',
      `url:https://github.com/acme/r${i}`,
    );
  } else {
    const workload: WorkloadFacts = {
      path: 'deploy/deployment.yaml',
      line: 1,
      kind: pick(['Deployment', 'InferenceService'] as const),
      name: `svc-${i}`,
      containers: [
        {
          name: 'server',
          image: `acme/svc-${i}:1`,
          line: 18,
          env: [
            {
              name: 'MODEL_URI',
              value: pick(['s3://m/model.pkl', '/app/model.pkl']),
              line: 22,
            },
          ],
          readinessProbe:
            next() < 0.5
              ? {
                  path: 'deploy/deployment.yaml',
                  line: 30,
                  description: 'httpGet /ready',
                }
              : undefined,
          livenessProbe: {
            path: 'deploy/deployment.yaml',
            line: 35,
            description: 'httpGet /health',
          },
        },
      ],
      initContainers: [],
      storageUri:
        next() < 0.3
          ? { path: 'deploy/isvc.yaml', line: 12, value: 'gs://m/ranker' }
          : undefined,
      modelFormat: { name: 'sklearn' },
      modelsLoaded: pick([null, 1, 1, 1, 2]),
      modelsLoadedEvidence: [],
    };
    evidence = {
      ...unavailableEvidence(''),
      status: 'ok',
      reason: undefined,
      location: `url:https://github.com/acme/r${i}/tree/main/`,
      fileCount: 40,
      codeFiles: next() < 0.85 ? ['app/main.py', 'app/model.py'] : [],
      notebooks: ['eda.ipynb'],
      dockerfiles:
        next() < 0.7
          ? [
              {
                path: 'Dockerfile',
                stages: [
                  {
                    name: '0',
                    baseImage: 'python:3.11',
                    line: 1,
                    copies: [],
                    env: [],
                    args: [],
                    run: [],
                  },
                ],
                modelsIntoImage:
                  next() < 0.4
                    ? [
                        {
                          path: 'Dockerfile',
                          line: 6,
                          via: 'file',
                          source: 'model.pkl',
                        },
                      ]
                    : [],
                installsManifests: [{ path: 'Dockerfile', line: 4 }],
                startupDownloads: [],
              },
            ]
          : [],
      workloads: role === 'serving-unit' ? [workload] : [],
      dependencyManifests: [
        {
          path: 'requirements.txt',
          kind: 'requirements',
          includes: [],
          requirements: [
            {
              name: 'scikit-learn',
              specifier: '==1.4.2',
              pinned: true,
              line: 1,
            },
            {
              name: 'numpy',
              specifier: pick(['==1.26.4', '>=1.20']),
              pinned: false,
              line: 2,
            },
            { name: 'fastapi', specifier: '==0.110.0', pinned: true, line: 3 },
          ],
        },
      ],
      lockfiles:
        next() < 0.2 ? [{ path: 'poetry.lock', kind: 'poetry.lock' }] : [],
      codeReview:
        next() < 0.6
          ? [{ path: '.github/CODEOWNERS', kind: 'CODEOWNERS' }]
          : [],
      ci:
        next() < 0.7
          ? [{ path: '.github/workflows/ci.yml', kind: 'github-actions' }]
          : [],
      dataReferences:
        next() < 0.3 ? [{ path: 'dvc.yaml', note: 'DVC pipeline' }] : [],
      modelLoaders: [
        {
          path: 'app/model.py',
          line: 12,
          call: 'joblib.load',
          configured: next() < 0.7,
          configKey: 'MODEL_URI',
          downloads: false,
          multiple: false,
        },
      ],
    };
    const numpy = evidence.dependencyManifests[0].requirements[1];
    numpy.pinned = numpy.specifier.startsWith('==');
  }
  return { entity, role, related, evidence };
}

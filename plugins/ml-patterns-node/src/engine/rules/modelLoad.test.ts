import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import {
  kserveWorkload,
  makeContainer,
  makeDockerfile,
  makeEntity,
  makeEvidence,
  makeInput,
  makeLoader,
  makeManifest,
  makeRelated,
  makeWorkload,
  relatedUnavailable,
  req,
} from '../__testUtils__/factories';
import { runCheck, titled } from '../__testUtils__/runCheck';
import { activeWaiver, waiverAnnotation } from '../__testUtils__/waivers';
import { EvaluationInput, MlPatternsRule } from '../types';
import {
  configurableModelRule,
  gatedReadinessRule,
  libraryCompatibilityRule,
  parseRequiredLibraries,
} from './modelLoad';

type Case = [string, EvaluationInput, string];

/** A repository whose release pattern is Model-load (through a start-up download), plus `extra`. */
function modelLoad(
  extra: Partial<RepositoryEvidence> = {},
  download = 'gsutil cp $MODEL_URI /models',
): RepositoryEvidence {
  return makeEvidence({
    dockerfiles: [
      makeDockerfile({
        startupDownloads: [
          { path: 'entrypoint.sh', line: 3, description: download },
        ],
      }),
    ],
    ...extra,
  });
}
const inImage = makeEvidence({
  dockerfiles: [
    makeDockerfile({
      modelsIntoImage: [
        { path: 'Dockerfile', line: 7, via: 'file', source: 'model.pkl' },
      ],
    }),
  ],
});
const declaredModelLoad = makeEntity({
  annotations: { [INPUT_ANNOTATIONS.releasePattern]: 'model-load' },
});

function table(rule: MlPatternsRule, cases: Case[]) {
  it.each(titled(cases))('%s → %s', (_name, verdict, input) => {
    const check = runCheck(rule, input);
    expect(check.verdict).toBe(verdict);
    expect(check.message).not.toBe('');
  });

  it('is not applicable to Model-in-image, an unknown pattern, or other roles', () => {
    expect(runCheck(rule, makeInput({ evidence: inImage })).verdict).toBe(
      'not-applicable',
    );
    expect(
      runCheck(rule, makeInput({ evidence: makeEvidence() })).verdict,
    ).toBe('not-applicable');
    expect(
      runCheck(rule, makeInput({ role: 'model', evidence: modelLoad() }))
        .verdict,
    ).toBe('not-applicable');
  });

  it('is waived with a reason', () => {
    const failing = cases.find(([, , verdict]) => verdict === 'fail');
    if (!failing) throw new Error('table needs a failing case');
    const check = runCheck(rule, {
      ...failing[1],
      entity: makeEntity({
        annotations: {
          ...failing[1].entity.metadata.annotations,
          [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
            rule.id,
            'migrating in Q3',
          ),
        },
      }),
    });
    expect(check).toMatchObject({
      verdict: 'fail',
      waiver: activeWaiver('migrating in Q3'),
    });
  });
}

describe('model-load/configurable-model', () => {
  table(configurableModelRule, [
    [
      'a start-up download taking the model from a variable',
      makeInput({ evidence: modelLoad() }),
      'pass',
    ],
    [
      'a KServe storageUri in the manifest',
      makeInput({ evidence: makeEvidence({ workloads: [kserveWorkload()] }) }),
      'pass',
    ],
    [
      'a container env var naming the model',
      makeInput({
        evidence: modelLoad(
          {
            workloads: [
              makeWorkload({
                containers: [
                  makeContainer({ env: [{ name: 'MODEL_NAME', line: 25 }] }),
                ],
              }),
            ],
          },
          'gsutil cp gs://acme/model.pkl /models',
        ),
      }),
      'pass',
    ],
    [
      'a configured loader',
      makeInput({
        evidence: modelLoad(
          {
            modelLoaders: [
              makeLoader({ configured: true, configKey: 'MODEL_PATH' }),
            ],
          },
          'wget https://x/model.onnx',
        ),
      }),
      'pass',
    ],
    [
      'only a literal download',
      makeInput({
        evidence: modelLoad({}, 'gsutil cp gs://acme/model.pkl /models'),
      }),
      'fail',
    ],
    [
      'only literal model paths in code',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [
            makeLoader({
              downloads: true,
              target: 'https://models.acme.io/ranker.onnx',
            }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'declared Model-load, repository shows nothing',
      makeInput({ entity: declaredModelLoad, evidence: makeEvidence() }),
      'unknown',
    ],
    [
      'declared Model-load, no source location',
      makeInput({ entity: declaredModelLoad, evidence: null }),
      'unknown',
    ],
  ]);
});

describe('model-load/gated-readiness', () => {
  const withProbe = (
    probe: 'readinessProbe' | 'startupProbe' | 'livenessProbe',
  ) =>
    makeWorkload({
      containers: [
        makeContainer({
          [probe]: {
            path: 'deploy/deployment.yaml',
            line: 40,
            description: 'httpGet /v2/health/ready',
          },
        }),
      ],
    });
  const kubernetesModelLoad = (workload = makeWorkload()) =>
    makeEvidence({
      workloads: [workload],
      modelLoaders: [
        makeLoader({
          downloads: true,
          configured: true,
          configKey: 'MODEL_URI',
        }),
      ],
    });
  table(gatedReadinessRule, [
    [
      'an init container downloads the model',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              initContainers: [
                makeContainer({
                  name: 'fetch',
                  downloadsModel: {
                    path: 'deploy/deployment.yaml',
                    line: 20,
                    description: 'aws s3 cp $MODEL_URI /models',
                  },
                }),
              ],
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'KServe storageUri (the platform gates it)',
      makeInput({ evidence: makeEvidence({ workloads: [kserveWorkload()] }) }),
      'pass',
    ],
    [
      'a readiness probe',
      makeInput({ evidence: kubernetesModelLoad(withProbe('readinessProbe')) }),
      'pass',
    ],
    [
      'a startup probe',
      makeInput({ evidence: kubernetesModelLoad(withProbe('startupProbe')) }),
      'pass',
    ],
    [
      'a start-up step that downloads before serving',
      makeInput({ evidence: modelLoad() }),
      'pass',
    ],
    [
      'only a liveness probe',
      makeInput({ evidence: kubernetesModelLoad(withProbe('livenessProbe')) }),
      'fail',
    ],
    [
      'a workload with no probe at all',
      makeInput({ evidence: kubernetesModelLoad() }),
      'fail',
    ],
    [
      'only a Docker HEALTHCHECK on /health',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [makeLoader({ downloads: true, configured: true })],
          dockerfiles: [
            makeDockerfile({
              stages: [
                {
                  name: '0',
                  baseImage: 'python:3.11',
                  line: 1,
                  copies: [],
                  env: [],
                  args: [],
                  run: [],
                  healthcheck: {
                    value: 'CMD curl -f http://localhost:8080/health',
                    line: 9,
                  },
                },
              ],
            }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'no manifest at all',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [makeLoader({ downloads: true, configured: true })],
        }),
      }),
      'unknown',
    ],
  ]);

  it('points at the liveness probe when that is all there is', () => {
    const check = runCheck(
      gatedReadinessRule,
      makeInput({ evidence: kubernetesModelLoad(withProbe('livenessProbe')) }),
    );
    expect(check.evidence).toEqual([
      {
        path: 'deploy/deployment.yaml',
        line: 40,
        note: 'liveness probe only: httpGet /v2/health/ready',
      },
    ]);
  });
});

describe('model-load/library-compatibility', () => {
  const served = (requiredLibraries?: string) =>
    makeRelated({
      servedModels: [
        { entityRef: 'resource:default/ranker', requiredLibraries },
      ],
    });
  const manifest = makeManifest('requirements.txt', [
    req('scikit_learn', '==1.4.2', 1),
    req('NumPy', '==1.26.4', 2),
    req('pandas', '>=2.0', 3),
  ]);
  const repo = modelLoad({ dependencyManifests: [manifest] });
  table(libraryCompatibilityRule, [
    [
      'every library matches (case and _/- insensitive)',
      makeInput({
        related: served('scikit-learn==1.4.2, numpy==1.26.4'),
        evidence: repo,
      }),
      'pass',
    ],
    [
      'a version mismatch',
      makeInput({ related: served('scikit-learn==1.3.0'), evidence: repo }),
      'fail',
    ],
    [
      'a library the image does not have',
      makeInput({ related: served('xgboost==2.0.3'), evidence: repo }),
      'fail',
    ],
    [
      'a library the image does not pin',
      makeInput({ related: served('pandas==2.2.0'), evidence: repo }),
      'fail',
    ],
    [
      'no served model declares libraries',
      makeInput({ related: served(), evidence: repo }),
      'fail',
    ],
    [
      'a ServingRuntime with versioned model formats',
      makeInput({
        related: served(),
        evidence: modelLoad({
          servingRuntimes: [
            {
              path: 'runtime.yaml',
              line: 1,
              name: 'sklearn-1.4',
              supportedModelFormats: [{ name: 'sklearn', version: '1' }],
              multiModel: false,
            },
          ],
        }),
      }),
      'pass',
    ],
    [
      'catalog relations unavailable',
      makeInput({ related: relatedUnavailable, evidence: repo }),
      'unknown',
    ],
    [
      'declared libraries but the repository cannot be read',
      makeInput({
        entity: declaredModelLoad,
        related: served('numpy==1.26.4'),
        evidence: null,
      }),
      'unknown',
    ],
    [
      'a range cannot be compared',
      makeInput({ related: served('numpy>=1.20'), evidence: repo }),
      'unknown',
    ],
  ]);

  it('shows both sides of a mismatch', () => {
    const check = runCheck(
      libraryCompatibilityRule,
      makeInput({ related: served('scikit-learn==1.3.0'), evidence: repo }),
    );
    expect(check.evidence).toEqual([
      {
        field: `metadata.annotations.${INPUT_ANNOTATIONS.requiredLibraries}`,
        entityRef: 'resource:default/ranker',
        note: 'resource:default/ranker needs scikit-learn==1.3.0',
      },
      {
        path: 'requirements.txt',
        line: 1,
        note: 'scikit_learn==1.4.2 provided',
      },
    ]);
  });

  it('says there is no table of supported library versions', () => {
    const check = runCheck(
      libraryCompatibilityRule,
      makeInput({ related: served(), evidence: repo }),
    );
    expect(check.message).toContain('No table of supported library versions');
  });
});

describe('parseRequiredLibraries', () => {
  it('reads comma-separated pins and skips junk', () => {
    expect(
      parseRequiredLibraries('scikit-learn==1.4.2, numpy==1.26.4 ,, ???'),
    ).toEqual([
      {
        name: 'scikit-learn',
        normalized: 'scikit-learn',
        operator: '==',
        version: '1.4.2',
        raw: 'scikit-learn==1.4.2',
      },
      {
        name: 'numpy',
        normalized: 'numpy',
        operator: '==',
        version: '1.26.4',
        raw: 'numpy==1.26.4',
      },
    ]);
    expect(parseRequiredLibraries(undefined)).toEqual([]);
  });
});

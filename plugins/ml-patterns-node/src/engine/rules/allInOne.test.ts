import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
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
  unreadable,
} from '../__testUtils__/factories';
import { runCheck, titled } from '../__testUtils__/runCheck';
import { activeWaiver, waiverAnnotation } from '../__testUtils__/waivers';
import { EvaluationInput } from '../types';
import {
  noSharedServerGroupRule,
  oneModelPerServerRule,
  ownDependenciesRule,
} from './allInOne';

const model = (name: string) => ({ entityRef: `resource:default/${name}` });

describe('all-in-one/one-model-per-server', () => {
  const cases: Array<[string, EvaluationInput, string]> = [
    [
      'trap: an image with three model files whose process loads the one chosen by env var',
      makeInput({
        related: makeRelated({ servedModels: [model('ranker')] }),
        evidence: makeEvidence({
          modelFiles: ['models/a.pkl', 'models/b.pkl', 'models/c.pkl'],
          dockerfiles: [
            makeDockerfile({
              modelsIntoImage: [
                {
                  path: 'Dockerfile',
                  line: 5,
                  via: 'directory',
                  source: 'models/',
                },
              ],
            }),
          ],
          workloads: [makeWorkload({ modelsLoaded: 1 })],
          modelLoaders: [
            makeLoader({ configured: true, configKey: 'MODEL_FILEPATH' }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'trap: two single-model Deployments behind one Service (A/B)',
      makeInput({
        related: makeRelated({
          servedModels: [model('ranker-a'), model('ranker-b')],
        }),
        evidence: makeEvidence({
          workloads: [
            makeWorkload({ name: 'ranker-a', modelsLoaded: 1 }),
            makeWorkload({ name: 'ranker-b', line: 40, modelsLoaded: 1 }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'trap: a proxy image that contains model files but loads none',
      makeInput({
        evidence: makeEvidence({
          modelFiles: ['models/a.onnx', 'models/b.onnx'],
          workloads: [makeWorkload({ name: 'proxy', modelsLoaded: 0 })],
        }),
      }),
      'pass',
    ],
    [
      'trap: a log sidecar next to one model server',
      makeInput({
        related: makeRelated({ servedModels: [model('ranker')] }),
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              containers: [
                makeContainer({ name: 'server', image: 'acme/ranker:1' }),
                makeContainer({
                  name: 'fluentd',
                  image: 'fluent/fluentd:v1.16',
                }),
              ],
              modelsLoaded: 1,
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a workload loading two models',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              modelsLoaded: 2,
              modelsLoadedEvidence: [
                {
                  path: 'deploy/deployment.yaml',
                  line: 22,
                  note: 'MODEL_A_URI',
                },
                {
                  path: 'deploy/deployment.yaml',
                  line: 24,
                  note: 'MODEL_B_URI',
                },
              ],
            }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'a ModelMesh (multi-model) workload',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              kind: 'InferenceService',
              multiModel: {
                path: 'isvc.yaml',
                line: 6,
                description: 'deploymentMode: ModelMesh',
              },
            }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'code loading three distinct literal models',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [
            makeLoader({ target: 'models/a.pkl', line: 3 }),
            makeLoader({ target: 'models/b.pkl', line: 4 }),
            makeLoader({ target: './models/c.pkl', line: 5 }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'the same literal model loaded twice, plus its tokenizer',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [
            makeLoader({
              call: 'AutoModel.from_pretrained',
              target: 'models/bert',
              line: 3,
            }),
            makeLoader({
              call: 'AutoModel.from_pretrained',
              target: './models/bert',
              line: 9,
            }),
            makeLoader({
              call: 'AutoTokenizer.from_pretrained',
              target: 'bert-base-uncased',
              line: 4,
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a loader looping over a folder of models',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [makeLoader({ multiple: true })],
        }),
      }),
      'fail',
    ],
    [
      'serves two models and the repository shows one single-model workload',
      makeInput({
        related: makeRelated({ servedModels: [model('a'), model('b')] }),
        evidence: makeEvidence({
          workloads: [makeWorkload({ modelsLoaded: 1 })],
        }),
      }),
      'fail',
    ],
    [
      'repository unreadable, catalog declares two models',
      makeInput({
        related: makeRelated({ servedModels: [model('a'), model('b')] }),
        evidence: unreadable,
      }),
      'fail',
    ],
    [
      'repository unreadable, catalog declares one model',
      makeInput({
        related: makeRelated({ servedModels: [model('a')] }),
        evidence: unreadable,
      }),
      'pass',
    ],
    [
      'repository unreadable, catalog declares no model',
      makeInput({ evidence: unreadable }),
      'unknown',
    ],
    [
      'no source location and no catalog relations',
      makeInput({ related: relatedUnavailable, evidence: null }),
      'unknown',
    ],
    [
      'catalog relations unavailable and nothing in the repository about models',
      makeInput({ related: relatedUnavailable }),
      'unknown',
    ],
    [
      'model served alone',
      makeInput({
        role: 'model',
        entity: makeEntity({ kind: 'Resource', type: 'ml-model' }),
        related: makeRelated({
          servingUnits: [{ entityRef: 'component:default/a', modelCount: 1 }],
        }),
        evidence: null,
      }),
      'pass',
    ],
    [
      'model served by a unit that serves three models',
      makeInput({
        role: 'model',
        entity: makeEntity({ kind: 'Resource', type: 'ml-model' }),
        related: makeRelated({
          servingUnits: [{ entityRef: 'component:default/big', modelCount: 3 }],
        }),
        evidence: null,
      }),
      'fail',
    ],
    [
      'model with catalog relations unavailable',
      makeInput({ role: 'model', related: relatedUnavailable, evidence: null }),
      'unknown',
    ],
    [
      'a training repository',
      makeInput({ role: 'repository' }),
      'not-applicable',
    ],
  ];

  it.each(titled(cases))('%s → %s', (_name, verdict, input) => {
    const check = runCheck(oneModelPerServerRule, input);
    expect(check.verdict).toBe(verdict);
    expect(check.message).not.toBe('');
    // A failure always says where.
    expect(verdict !== 'fail' || check.evidence.length > 0).toBe(true);
  });

  it('points at the dependsOn of each model when the models are not split', () => {
    const check = runCheck(
      oneModelPerServerRule,
      makeInput({
        related: makeRelated({ servedModels: [model('a'), model('b')] }),
        evidence: unreadable,
      }),
    );
    expect(check.evidence).toEqual([
      {
        field: 'spec.dependsOn',
        entityRef: 'resource:default/a',
        note: 'serves resource:default/a',
      },
      {
        field: 'spec.dependsOn',
        entityRef: 'resource:default/b',
        note: 'serves resource:default/b',
      },
    ]);
  });

  it('points at the workload and the lines that load each model', () => {
    const check = runCheck(oneModelPerServerRule, cases[4][1]);
    expect(check.evidence).toEqual([
      {
        path: 'deploy/deployment.yaml',
        line: 1,
        note: 'Deployment recommender loads 2 models',
      },
      { path: 'deploy/deployment.yaml', line: 22, note: 'MODEL_A_URI' },
      { path: 'deploy/deployment.yaml', line: 24, note: 'MODEL_B_URI' },
    ]);
  });

  describe('counted per serving process from code', () => {
    const process = {
      path: 'Dockerfile',
      line: 9,
      command: 'uvicorn app.main:app',
      module: 'app/main.py',
    };
    const loadOf = (name: string, line: number) => ({
      path: 'app/models.py',
      line,
      name,
      call: 'joblib.load',
      several: false,
      companions: [],
    });

    it('fails on a process loading two distinct models, naming each load', () => {
      const evidence = makeEvidence({
        servingProcesses: [
          {
            ...process,
            models: [loadOf('FRAUD_MODEL', 4), loadOf('CHURN_MODEL', 7)],
          },
        ],
      });
      const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
      expect(check.verdict).toBe('fail');
      expect(check.evidence).toEqual([
        {
          path: 'Dockerfile',
          line: 9,
          note: 'uvicorn app.main:app loads 2 distinct models',
        },
        {
          path: 'app/models.py',
          line: 4,
          note: 'joblib.load loads FRAUD_MODEL',
        },
        {
          path: 'app/models.py',
          line: 7,
          note: 'joblib.load loads CHURN_MODEL',
        },
      ]);
    });

    it('passes on one model with its companions, and no longer counts loader targets', () => {
      const evidence = makeEvidence({
        servingProcesses: [
          {
            ...process,
            models: [
              {
                ...loadOf('models/clf.pkl', 4),
                companions: [
                  {
                    path: 'app/models.py',
                    line: 5,
                    name: 'models/scaler.pkl',
                    call: 'joblib.load',
                  },
                ],
              },
            ],
          },
        ],
        modelLoaders: [
          makeLoader({
            line: 4,
            target: 'models/clf.pkl',
            role: 'model',
            inServingCode: true,
          }),
          makeLoader({
            line: 5,
            target: 'models/scaler.pkl',
            role: 'companion',
            inServingCode: true,
          }),
          makeLoader({
            path: 'train.py',
            target: 'runs/best.pkl',
            inServingCode: false,
          }),
        ],
      });
      const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
      expect(check.verdict).toBe('pass');
      expect(check.evidence).toEqual([
        {
          path: 'app/models.py',
          line: 4,
          note: 'uvicorn app.main:app loads one model: joblib.load loads models/clf.pkl (with models/scaler.pkl)',
        },
      ]);
    });

    it('fails on one load standing for several models', () => {
      const evidence = makeEvidence({
        servingProcesses: [
          {
            ...process,
            models: [{ ...loadOf('MODELS_DIR', 12), several: true }],
          },
        ],
      });
      const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
      expect(check.verdict).toBe('fail');
      expect(check.evidence[1]).toEqual({
        path: 'app/models.py',
        line: 12,
        note: 'joblib.load loads several models: MODELS_DIR',
      });
    });
  });

  it('is waived with a reason, keeping its verdict', () => {
    const input = makeInput({
      entity: makeEntity({
        annotations: {
          [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
            'all-in-one/one-model-per-server',
            'ModelMesh on purpose',
          ),
        },
      }),
      evidence: cases[5][1].evidence,
    });
    const check = runCheck(oneModelPerServerRule, input);
    expect(check.verdict).toBe('fail');
    expect(check.waiver).toEqual(activeWaiver('ModelMesh on purpose'));
  });
});

describe('all-in-one/no-shared-server-group', () => {
  const peer = {
    entityRef: 'component:default/fraud',
    group: 'scoring',
    field: 'metadata.annotations.backstage.io/kubernetes-id',
  };
  const cases: Array<[string, EvaluationInput, string]> = [
    ['no peers', makeInput(), 'pass'],
    [
      'a peer in the same kubernetes-id',
      makeInput({ related: makeRelated({ serverGroupPeers: [peer] }) }),
      'fail',
    ],
    [
      'a model whose servers share a group',
      makeInput({
        role: 'model',
        related: makeRelated({ serverGroupPeers: [peer] }),
        evidence: null,
      }),
      'fail',
    ],
    [
      'catalog relations unavailable',
      makeInput({ related: relatedUnavailable }),
      'unknown',
    ],
    [
      'a training repository',
      makeInput({ role: 'repository' }),
      'not-applicable',
    ],
  ];
  it.each(titled(cases))('%s → %s', (_name, verdict, input) => {
    expect(runCheck(noSharedServerGroupRule, input).verdict).toBe(verdict);
  });

  it('names the peers and the field that groups them', () => {
    const check = runCheck(noSharedServerGroupRule, cases[1][1]);
    expect(check.evidence).toEqual([
      {
        field: 'metadata.annotations.backstage.io/kubernetes-id',
        entityRef: 'component:default/fraud',
        note: 'same server group scoring',
      },
    ]);
    expect(check.message).toContain('scoring');
  });

  it('is waived with a reason', () => {
    const check = runCheck(
      noSharedServerGroupRule,
      makeInput({
        entity: makeEntity({
          annotations: {
            [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
              'all-in-one/no-shared-server-group',
              'shared GPU node pool, tracked in OPS-12',
            ),
          },
        }),
        related: makeRelated({ serverGroupPeers: [peer] }),
      }),
    );
    expect(check).toMatchObject({
      verdict: 'fail',
      waiver: activeWaiver('shared GPU node pool, tracked in OPS-12'),
    });
  });
});

describe('all-in-one/own-dependencies', () => {
  const cases: Array<[string, EvaluationInput, string]> = [
    [
      'a requirements file',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest('requirements.txt', [
              req('flask', '==3.0.0', 1),
              req('scikit-learn', '==1.5.0', 2),
            ]),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a unit that installs no ML library and holds no model',
      makeInput({
        evidence: makeEvidence({
          dependencyManifests: [
            makeManifest('requirements.txt', [req('flask', '==3.0.0', 1)]),
          ],
        }),
      }),
      'not-applicable',
    ],
    [
      'a lockfile only',
      makeInput({
        evidence: makeEvidence({
          lockfiles: [{ path: 'poetry.lock', kind: 'poetry.lock' }],
        }),
      }),
      'pass',
    ],
    [
      'a Dockerfile installing a manifest',
      makeInput({
        evidence: makeEvidence({
          dockerfiles: [
            makeDockerfile({
              installsManifests: [{ path: 'Dockerfile', line: 4 }],
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a KServe InferenceService on a predefined runtime (modelFormat)',
      makeInput({ evidence: makeEvidence({ workloads: [kserveWorkload()] }) }),
      'pass',
    ],
    [
      'a Deployment of a pinned Triton image',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              containers: [
                makeContainer({
                  image: 'nvcr.io/nvidia/tritonserver:24.05-py3',
                  line: 20,
                }),
              ],
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a Dockerfile built on a pinned TensorFlow Serving image',
      makeInput({
        evidence: makeEvidence({
          dockerfiles: [
            makeDockerfile({
              stages: [
                {
                  name: '0',
                  baseImage: 'tensorflow/serving:2.6.1',
                  line: 1,
                  copies: [],
                  env: [],
                  args: [],
                  run: [],
                },
              ],
            }),
          ],
        }),
      }),
      'pass',
    ],
    [
      'a serving runtime image on latest is not pinned',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              containers: [
                makeContainer({ image: 'pytorch/torchserve:latest-gpu' }),
              ],
            }),
          ],
        }),
      }),
      'fail',
    ],
    [
      'a pinned image that is not a serving runtime',
      makeInput({
        evidence: makeEvidence({ workloads: [makeWorkload()] }),
      }),
      'fail',
    ],
    ['nothing', makeInput({ evidence: makeEvidence() }), 'fail'],
    ['repository unreadable', makeInput({ evidence: unreadable }), 'unknown'],
    ['no source location', makeInput({ evidence: null }), 'unknown'],
    ['a model', makeInput({ role: 'model' }), 'not-applicable'],
  ];
  it.each(titled(cases))('%s → %s', (_name, verdict, input) => {
    expect(runCheck(ownDependenciesRule, input).verdict).toBe(verdict);
  });

  it('is waived with a reason', () => {
    const check = runCheck(
      ownDependenciesRule,
      makeInput({
        entity: makeEntity({
          annotations: {
            [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
              'all-in-one/own-dependencies',
              'uses the platform image',
            ),
          },
        }),
      }),
    );
    expect(check).toMatchObject({
      verdict: 'fail',
      waiver: activeWaiver('uses the platform image'),
    });
  });
});

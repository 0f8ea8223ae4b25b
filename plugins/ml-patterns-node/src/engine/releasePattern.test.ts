import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import {
  kserveWorkload,
  makeContainer,
  makeDockerfile,
  makeEntity,
  makeEvidence,
  makeInput,
  makeLoader,
  makeWorkload,
  unreadable,
} from './__testUtils__/factories';
import { titled } from './__testUtils__/runCheck';
import { detectReleasePattern } from './releasePattern';
import { EvaluationInput } from './types';

const intoImage = makeDockerfile({
  modelsIntoImage: [
    { path: 'Dockerfile', line: 7, via: 'directory', source: 'models/' },
  ],
});
const withEnv = (name: string, value?: string) =>
  makeWorkload({
    containers: [makeContainer({ env: [{ name, value, line: 30 }] })],
  });
const declared = (value: string) =>
  makeEntity({ annotations: { [INPUT_ANNOTATIONS.releasePattern]: value } });

describe('detectReleasePattern', () => {
  const cases: Array<[string, EvaluationInput, string]> = [
    [
      'a model copied into the image',
      makeInput({ evidence: makeEvidence({ dockerfiles: [intoImage] }) }),
      'model-in-image',
    ],
    [
      'a model file committed but never copied into the image',
      makeInput({
        evidence: makeEvidence({
          modelFiles: ['models/fallback.pkl'],
          dockerfiles: [makeDockerfile()],
        }),
      }),
      'unknown',
    ],
    [
      'a KServe storageUri',
      makeInput({ evidence: makeEvidence({ workloads: [kserveWorkload()] }) }),
      'model-load',
    ],
    [
      'an init container that downloads the model',
      makeInput({
        evidence: makeEvidence({
          workloads: [
            makeWorkload({
              initContainers: [
                makeContainer({
                  name: 'fetch-model',
                  downloadsModel: {
                    path: 'deploy/deployment.yaml',
                    line: 20,
                    description: 'gsutil cp $MODEL_URI /models',
                  },
                }),
              ],
            }),
          ],
        }),
      }),
      'model-load',
    ],
    [
      'a start-up step in the Dockerfile that downloads the model',
      makeInput({
        evidence: makeEvidence({
          dockerfiles: [
            makeDockerfile({
              startupDownloads: [
                {
                  path: 'Dockerfile',
                  line: 12,
                  description: 'python download_model.py && uvicorn',
                },
              ],
            }),
          ],
        }),
      }),
      'model-load',
    ],
    [
      'a loader that downloads',
      makeInput({
        evidence: makeEvidence({
          modelLoaders: [
            makeLoader({ downloads: true, target: 's3://m/model.pkl' }),
          ],
        }),
      }),
      'model-load',
    ],
    [
      'an env var with a remote model URI',
      makeInput({
        evidence: makeEvidence({
          workloads: [withEnv('MODEL_URI', 's3://acme/models/ranker/3')],
        }),
      }),
      'model-load',
    ],
    [
      'an env var with an MLflow models:/ URI',
      makeInput({
        evidence: makeEvidence({
          workloads: [withEnv('RANKER', 'models:/ranker/Production')],
        }),
      }),
      'model-load',
    ],
    [
      'an env var naming a local path is not Model-load',
      makeInput({
        evidence: makeEvidence({
          workloads: [withEnv('MODEL_FILEPATH', '/app/models/model.onnx')],
        }),
      }),
      'unknown',
    ],
    [
      'a remote URI that is not a model (log endpoint)',
      makeInput({
        evidence: makeEvidence({
          workloads: [withEnv('LOG_ENDPOINT', 'http://fluentd:24224')],
        }),
      }),
      'unknown',
    ],
    [
      'a model in the image and one loaded at start-up',
      makeInput({
        evidence: makeEvidence({
          dockerfiles: [intoImage],
          workloads: [kserveWorkload()],
        }),
      }),
      'mixed',
    ],
    [
      'an unreadable repository',
      makeInput({ evidence: unreadable }),
      'unknown',
    ],
    ['no source location', makeInput({ evidence: null }), 'unknown'],
    [
      'declared when the repository shows nothing',
      makeInput({ entity: declared('model-load'), evidence: unreadable }),
      'model-load',
    ],
    [
      'declared, case-insensitive',
      makeInput({
        entity: declared(' Model-In-Image '),
        evidence: makeEvidence(),
      }),
      'model-in-image',
    ],
    [
      'a declaration does not override what the repository shows',
      makeInput({
        entity: declared('model-load'),
        evidence: makeEvidence({ dockerfiles: [intoImage] }),
      }),
      'model-in-image',
    ],
    [
      'an invalid declaration is ignored',
      makeInput({ entity: declared('magic'), evidence: makeEvidence() }),
      'unknown',
    ],
    [
      'a model entity',
      makeInput({
        role: 'model',
        evidence: makeEvidence({ dockerfiles: [intoImage] }),
      }),
      'not-applicable',
    ],
    [
      'a training repository',
      makeInput({ role: 'repository' }),
      'not-applicable',
    ],
  ];

  it.each(titled(cases))('%s → %s', (_name, pattern, input) => {
    expect(detectReleasePattern(input).pattern).toBe(pattern);
  });

  it('keeps the evidence of both sides for mixed', () => {
    const detection = detectReleasePattern(cases[10][1]);
    expect(detection.modelInImage).toEqual([
      {
        path: 'Dockerfile',
        line: 7,
        note: 'model into image (directory): models/',
      },
    ]);
    expect(detection.modelLoad).toEqual([
      {
        path: 'deploy/isvc.yaml',
        line: 12,
        note: 'storageUri gs://acme-models/recommender/v3',
      },
    ]);
  });

  it('takes an image a packaging tool builds with the model for Model-in-image, at the command', () => {
    const packaged = (packs?: string) =>
      makeInput({
        evidence: makeEvidence({
          workloads: [kserveWorkload()],
          packagedImages: [
            {
              path: 'docs/build.md',
              line: 14,
              tool: 'mlserver',
              command: 'mlserver build models/ranker -t acme/ranker',
              images: ['acme/ranker'],
              documented: true,
              ...(packs !== undefined && { packs }),
              runBy: { path: 'k8s/ranker.yaml', line: 22, name: 'ranker' },
            },
          ],
        }),
      });
    const detection = detectReleasePattern(
      packaged('the model folder models/ranker/ (models/ranker/model.txt)'),
    );
    expect(detection.pattern).toBe('mixed');
    expect(detection.modelInImage).toEqual([
      {
        path: 'docs/build.md',
        line: 14,
        note: 'image built with `mlserver build models/ranker -t acme/ranker` packs the model folder models/ranker/ (models/ranker/model.txt); k8s/ranker.yaml:22 (ranker) runs it (from the documentation: weaker evidence than a script or CI step)',
      },
    ]);
    // An image that packs no model (its server loads it at start) is no Model-in-image evidence.
    expect(detectReleasePattern(packaged()).pattern).toBe('model-load');
  });

  it('says why it is unknown', () => {
    expect(
      detectReleasePattern(makeInput({ evidence: unreadable })).reason,
    ).toContain('repository not found');
    expect(detectReleasePattern(makeInput({ evidence: null })).reason).toBe(
      'no source location to read',
    );
  });

  it('points at the annotation when declared', () => {
    expect(detectReleasePattern(cases[13][1]).declared).toEqual({
      field: `metadata.annotations.${INPUT_ANNOTATIONS.releasePattern}`,
      note: 'declared model-load',
    });
  });
});

import { RepositoryFile } from '../../types';
import { analyzeRepositoryFiles, wantsContent } from '../index';
import { wantsContextContent } from '../repositoryContext/contextFiles';
import { mentionsPackaging } from './packagingCommands';
import { repo, text } from '../__testUtils__/files';
import {
  releaseOf as release,
  releasePatternOf,
} from '../__testUtils__/releaseOf';

/**
 * Images built by a model-packaging tool carry the model: `mlserver build`
 * packs its folder, `bentoml containerize` the store models of the
 * service, `mlflow models build-docker -m` the MLflow model. The commands
 * are read where a project writes how it builds its image: scripts, CI
 * steps and the shell blocks of its documentation.
 */

/** A folder of a larger repository, the files around it as a reader hands them in. */
function releaseOfFolder(files: Record<string, string>, scope: string) {
  const inside: Record<string, string> = {};
  const around: RepositoryFile[] = [];
  for (const [path, value] of Object.entries(files)) {
    if (path.startsWith(`${scope}/`)) {
      inside[path.slice(scope.length + 1)] = value;
      continue;
    }
    const content = Buffer.from(value);
    around.push(
      wantsContextContent(path, content.length, scope)
        ? { path, size: content.length, content }
        : { path, size: content.length },
    );
  }
  return releasePatternOf(
    analyzeRepositoryFiles(repo(inside), {
      location: `url:https://github.com/acme/mono/tree/main/${scope}`,
      repository: { scope, files: around },
    }),
  );
}

/** A Markdown code fence (a raw template keeps a backslash before an escaped backtick). */
const FENCE = '```';

const MLSERVER_RUNTIME = text`
  from mlserver import MLModel
  import tensorflow as tf

  class LeafClassifier(MLModel):
      async def load(self):
          self.model = tf.saved_model.load(".")
          return True
`;

describe('mlserver build packs its folder', () => {
  it('reads a build script: the model files of the folder go into the image', () => {
    const result = release({
      'build.sh': text`
        #!/usr/bin/env bash
        set -euo pipefail
        IMAGE=acme/leaf-classifier
        mlserver build leaf/ -t "$IMAGE:0.3"
        docker push "$IMAGE:0.3"
      `,
      'leaf/model-settings.json':
        '{"name": "leaf", "implementation": "runtime.LeafClassifier"}\n',
      'leaf/runtime.py': MLSERVER_RUNTIME,
      'leaf/saved_model.pb': 'x',
      'leaf/variables/variables.index': 'x',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'build.sh:4 image built with `mlserver build leaf/ -t $IMAGE:0.3` packs the model folder leaf/ (leaf/saved_model.pb)',
    ]);
    expect(result.evidence.packagedImages?.[0].images).toEqual([
      'acme/leaf-classifier',
    ]);
  });

  it('takes a model-settings.json whose uri is a local file for the packed model', () => {
    const result = release({
      'scripts/image.sh': 'cd "$(dirname "$0")/.."\nmlserver build ./serving\n',
      'serving/model-settings.json': text`
        {
          "name": "fraud",
          "implementation": "mlserver_xgboost.XGBoostModel",
          "parameters": {"uri": "./fraud.bst"}
        }
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'scripts/image.sh:2 image built with `mlserver build ./serving` packs the model folder serving/ (serving/model-settings.json serves ./fraud.bst)',
    ]);
  });

  it('does not take a folder whose settings fetch the model from a hub or a bucket for a packed model', () => {
    const result = release({
      'build.sh': 'mlserver build . -t acme/summarizer\n',
      'model-settings.json': text`
        {
          "name": "summarizer",
          "implementation": "mlserver_huggingface.HuggingFaceRuntime",
          "parameters": {"extra": {"task": "summarization", "pretrained_model": "acme/bart-small"}}
        }
      `,
      'remote/model-settings.json':
        '{"name": "r", "parameters": {"uri": "s3://acme-models/r"}}\n',
    });
    expect(result.pattern).toBe('unknown');
    expect(result.evidence.packagedImages).toEqual([
      {
        path: 'build.sh',
        line: 1,
        tool: 'mlserver',
        command: 'mlserver build . -t acme/summarizer',
        images: ['acme/summarizer'],
      },
    ]);
  });
});

const BENTO_STORE_SERVICE = text`
  import bentoml
  from bentoml.io import JSON

  runner = bentoml.sklearn.get("churn_clf:latest").to_runner()
  svc = bentoml.Service("churn", runners=[runner])

  @svc.api(input=JSON(), output=JSON())
  async def predict(payload):
      return await runner.predict.async_run([payload["features"]])
`;

describe('bentoml containerize packs the store models of the service', () => {
  it('reads a GitHub Actions step of the repository the unit is', () => {
    const result = release({
      '.github/workflows/release.yml': text`
        name: release
        on:
          push:
            tags: ["v*"]
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -r requirements.txt
              - name: Build the Bento and its image
                run: |
                  bentoml build
                  bentoml containerize churn:latest -t ghcr.io/acme/churn:\${{ github.sha }}
      `,
      'bentofile.yaml': 'service: "service:svc"\ninclude: ["*.py"]\n',
      'service.py': BENTO_STORE_SERVICE,
      'requirements.txt': 'bentoml==1.1.11\nscikit-learn==1.4.2\n',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      '.github/workflows/release.yml:14 image built with `bentoml containerize churn:latest -t ghcr.io/acme/churn:${{ github.sha }}` packs the BentoML store models the service loads (service.py:4 bentoml.sklearn.get)',
    ]);
  });

  it('counts a step of the repository CI that works in the folder, not one working elsewhere', () => {
    const workflow = (directory: string) => ({
      '.github/workflows/images.yml': text`
        on: [push]
        jobs:
          bento:
            runs-on: ubuntu-latest
            defaults:
              run:
                working-directory: ${directory}
            steps:
              - run: bentoml build && bentoml containerize churn:latest
      `,
      'services/churn/service.py': BENTO_STORE_SERVICE,
      'services/churn/bentofile.yaml': 'service: "service:svc"\n',
    });
    const inFolder = releaseOfFolder(
      workflow('services/churn'),
      'services/churn',
    );
    expect(inFolder.pattern).toBe('model-in-image');
    expect(inFolder.inImage).toEqual([
      '../../.github/workflows/images.yml:9 image built with `bentoml containerize churn:latest` packs the BentoML store models the service loads (service.py:4 bentoml.sklearn.get)',
    ]);
    const elsewhere = releaseOfFolder(
      workflow('services/other'),
      'services/churn',
    );
    // Only the folder's own bentofile says the Bento is built.
    expect(elsewhere.inImage).toEqual([
      'bentofile.yaml:1 image built with `bentoml build (bentofile.yaml builds service:svc)` packs the BentoML store models the service loads (service.py:4 bentoml.sklearn.get)',
    ]);
  });

  it('takes the models a bentofile lists for packed, from a release script that changes into the folder', () => {
    const result = releaseOfFolder(
      {
        'scripts/release.sh': text`
          #!/bin/sh
          set -e
          cd services/ranker
          bentoml build
          bentoml containerize ranker:latest --image-tag acme/ranker:latest
        `,
        'services/ranker/bentofile.yaml': text`
          service: "service:Ranker"
          models:
            - ranker_lgbm:latest
        `,
        'services/ranker/service.py': text`
          import bentoml

          @bentoml.service
          class Ranker:
              @bentoml.api
              def rank(self, items: list) -> list:
                  return sorted(items)
        `,
      },
      'services/ranker',
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      '../../scripts/release.sh:5 image built with `bentoml containerize ranker:latest --image-tag acme/ranker:latest` packs the models of bentofile.yaml:3 (ranker_lgbm)',
    ]);
  });

  it('does not take a service that downloads its model from a hub at start for one packed in the image', () => {
    const result = release({
      'README.md': text`
        # Sentiment service

        Build the image:

        ${FENCE}bash
        bentoml build
        bentoml containerize sentiment:latest
        ${FENCE}
      `,
      'service.py': text`
        import bentoml
        from transformers import pipeline

        @bentoml.service
        class Sentiment:
            def __init__(self):
                self.pipe = pipeline("sentiment-analysis", model="acme/sentiment-small")

            @bentoml.api
            def classify(self, text: str) -> dict:
                return self.pipe(text)[0]
      `,
      'bentofile.yaml': 'service: "service:Sentiment"\n',
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'service.py:7 transformers.pipeline downloads acme/sentiment-small',
    ]);
    expect(result.evidence.packagedImages).toEqual([
      {
        path: 'README.md',
        line: 7,
        tool: 'bentoml',
        command: 'bentoml containerize sentiment:latest',
        images: ['sentiment'],
        documented: true,
      },
    ]);
  });
});

describe('mlflow models build-docker bakes the model in', () => {
  it('reads a GitLab CI script entry', () => {
    const result = release({
      '.gitlab-ci.yml': text`
        stages: [package]
        variables:
          IMAGE: registry.gitlab.com/acme/churn
        package:
          stage: package
          script:
            - pip install mlflow==2.12.1
            - mlflow models build-docker -m "models:/churn/Production" -n "$IMAGE"
            - docker push "$IMAGE"
      `,
      'train.py': 'import mlflow\n',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      '.gitlab-ci.yml:8 image built with `mlflow models build-docker -m models:/churn/Production -n $IMAGE` packs the MLflow model models:/churn/Production',
    ]);
    expect(result.evidence.packagedImages?.[0].images).toEqual([
      'registry.gitlab.com/acme/churn',
    ]);
  });

  it('reads a console session of the README, prompts and output aside, as weaker evidence', () => {
    const result = release({
      'README.md': text`
        # Churn model

        1. Train and register the model.
        2. Package it:

           ${FENCE}console
           $ mlflow models build-docker \
               --model-uri runs:/4f1c/model \
               --name acme/churn
           Successfully built 1c2d3e
           $ docker run -p 8080:8080 acme/churn
           ${FENCE}
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'README.md:7 image built with `mlflow models build-docker --model-uri runs:/4f1c/model --name acme/churn` packs the MLflow model runs:/4f1c/model (from the documentation: weaker evidence than a script or CI step)',
    ]);
  });

  it('does not take an image built without a model (the model is mounted at run time) for one carrying it', () => {
    const result = release({
      'build.sh': 'mlflow models build-docker -n acme/pyfunc-base\n',
    });
    expect(result.pattern).toBe('unknown');
    expect(result.evidence.packagedImages?.[0].packs).toBeUndefined();
  });

  it('follows generate-dockerfile to the docker build of its output', () => {
    const result = release({
      'docs/deploy.md': text`
        ${FENCE}sh
        mlflow models generate-dockerfile -m runs:/9a/model -d build/churn
        docker build -t acme/churn:2 build/churn
        ${FENCE}
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.evidence.packagedImages?.[0]).toMatchObject({
      path: 'docs/deploy.md',
      line: 2,
      images: ['acme/churn'],
      documented: true,
    });
  });
});

describe('an image built outside the folder and run by its workloads', () => {
  const repository = {
    'training/README.md': text`
      # Training

      ${FENCE}bash
      python train.py
      mlflow models build-docker -m runs:/$RUN_ID/model -n churn-server
      docker tag churn-server acme/churn-server:1.4
      docker push acme/churn-server:1.4
      ${FENCE}
    `,
    'training/train.py': 'import mlflow\n',
    'deploy/from-image.yaml': text`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: churn-from-image
      spec:
        template:
          spec:
            containers:
              - name: server
                image: docker.io/acme/churn-server:1.4
                ports: [{containerPort: 8080}]
    `,
    'deploy/from-bucket.yaml': text`
      apiVersion: serving.kserve.io/v1beta1
      kind: InferenceService
      metadata:
        name: churn-from-bucket
      spec:
        predictor:
          model:
            modelFormat: {name: mlflow}
            storageUri: gs://acme-models/churn/4
    `,
  };

  it('is Model-in-image for the workload running it; with a workload loading at start, mixed', () => {
    const result = releaseOfFolder(repository, 'deploy');
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([
      '../training/README.md:5 image built with `mlflow models build-docker -m runs:/$RUN_ID/model -n churn-server` packs the MLflow model runs:/$RUN_ID/model; from-image.yaml:10 (churn-from-image) runs it (from the documentation: weaker evidence than a script or CI step)',
    ]);
    expect(result.atStart).toEqual([
      'from-bucket.yaml:9 storageUri gs://acme-models/churn/4',
    ]);
  });

  it('links a local image name to the same name pushed under a namespace (a KServe predictor container)', () => {
    const files = (built: string) => ({
      'model/README.md': text`
        ${FENCE}
        mlflow models build-docker -m runs:/$RUN_ID/model -n ${built}:latest --enable-mlserver
        ${FENCE}
      `,
      'k8s/isvc.yaml': text`
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: fraud
        spec:
          predictor:
            containers:
              - name: kserve-container
                image: acme/fraud-scorer:latest
      `,
    });
    const local = releaseOfFolder(files('fraud-scorer'), 'k8s');
    expect(local.pattern).toBe('model-in-image');
    expect(local.inImage).toEqual([
      '../model/README.md:2 image built with `mlflow models build-docker -m runs:/$RUN_ID/model -n fraud-scorer:latest --enable-mlserver` packs the MLflow model runs:/$RUN_ID/model; isvc.yaml:9 (fraud) runs it (from the documentation: weaker evidence than a script or CI step)',
    ]);
    // A name with its own namespace is another image.
    const other = releaseOfFolder(files('other/fraud-scorer'), 'k8s');
    expect(other.pattern).toBe('unknown');
  });

  it('leaves out a build of an image no workload of the folder runs', () => {
    const result = releaseOfFolder(
      {
        ...repository,
        'deploy/from-image.yaml': repository['deploy/from-image.yaml'].replace(
          'acme/churn-server',
          'acme/other-server',
        ),
      },
      'deploy',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.evidence.packagedImages).toBeUndefined();
  });
});

describe('the documentation read for build commands', () => {
  it("is the folder's READMEs and docs, and the READMEs around it, within size caps", () => {
    expect(wantsContent('README.md', 4000)).toBe(true);
    expect(wantsContent('serving/docs/build.md', 4000)).toBe(true);
    expect(wantsContent('NOTES.md', 4000)).toBe(false);
    expect(wantsContent('README.md', 200 * 1024)).toBe(false);
    expect(wantsContextContent('training/README.md', 4000, 'deploy')).toBe(
      true,
    );
    expect(
      wantsContextContent('training/README.md', 100 * 1024, 'deploy'),
    ).toBe(false);
    expect(wantsContextContent('docs/build.md', 4000, 'deploy')).toBe(false);
  });

  it('is parsed only when it mentions both words of a packaging command', () => {
    expect(mentionsPackaging('Run `mlserver build . -t x`')).toBe(true);
    expect(mentionsPackaging(Buffer.from('bentoml containerize svc'))).toBe(
      true,
    );
    expect(mentionsPackaging('mlflow models build-docker -m m')).toBe(true);
    // Prose and link anchors.
    expect(mentionsPackaging('We containerize every service.')).toBe(false);
    expect(mentionsPackaging('[guide](x.md#21-build-docker-image)')).toBe(
      false,
    );
  });
});

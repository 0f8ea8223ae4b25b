import { makeInput } from '../../engine/__testUtils__/factories';
import { detectReleasePattern } from '../../engine/releasePattern';
import { analyzeRepositoryFiles } from './index';
import { repo, text } from './__testUtils__/files';

describe('KServe', () => {
  it('reads an InferenceService with storageUri as one model loaded by the platform', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'kserve/isvc.yaml': text`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: credit-risk
          spec:
            predictor:
              model:
                modelFormat:
                  name: sklearn
                  version: "1"
                runtime: kserve-sklearnserver
                storageUri: gs://acme-models/credit-risk/v7
        `,
      }),
    );
    expect(evidence.problems).toEqual([]);
    expect(evidence.workloads).toHaveLength(1);
    expect(evidence.workloads[0]).toMatchObject({
      path: 'kserve/isvc.yaml',
      line: 1,
      kind: 'InferenceService',
      name: 'credit-risk',
      storageUri: {
        path: 'kserve/isvc.yaml',
        line: 12,
        value: 'gs://acme-models/credit-risk/v7',
      },
      modelFormat: { name: 'sklearn', version: '1' },
      modelsLoaded: 1,
      modelsLoadedEvidence: [
        {
          path: 'kserve/isvc.yaml',
          line: 12,
          note: 'storageUri gs://acme-models/credit-risk/v7',
        },
      ],
    });
    expect(evidence.workloads[0].multiModel).toBeUndefined();
  });

  it('reads the older framework form (predictor.sklearn.storageUri)', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'isvc.yaml':
          'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: iris}\nspec:\n  predictor:\n    sklearn:\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n',
      }),
    );
    expect(evidence.workloads[0]).toMatchObject({
      storageUri: {
        line: 7,
        value: 'gs://kfserving-examples/models/sklearn/1.0/model',
      },
      modelFormat: { name: 'sklearn' },
      modelsLoaded: 1,
    });
  });

  it('releases an InferenceService with TrainedModels as Model-load, keeping its own storageUri', () => {
    const files = (predictor: string) =>
      repo({
        'deploy/isvc.yaml': text`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: sklearn-mms
          spec:
            predictor:
              ${predictor}
        `,
        'deploy/models.yaml': text`
          apiVersion: serving.kserve.io/v1alpha1
          kind: TrainedModel
          metadata:
            name: iris
          spec:
            inferenceService: sklearn-mms
            model:
              framework: sklearn
              storageUri: gs://acme/iris/v3
              memory: 256Mi
          ---
          apiVersion: serving.kserve.io/v1alpha1
          kind: TrainedModel
          metadata:
            name: elsewhere
          spec:
            inferenceService: another-isvc
            model:
              framework: sklearn
              storageUri: gs://acme/other
              memory: 256Mi
        `,
      });
    const attached = analyzeRepositoryFiles(
      files('sklearn: { protocolVersion: v2 }'),
    );
    const workload = attached.workloads.find(w => w.name === 'sklearn-mms')!;
    expect(workload.storageUri).toEqual({
      path: 'deploy/models.yaml',
      line: 9,
      value: 'gs://acme/iris/v3',
    });
    const detection = detectReleasePattern(makeInput({ evidence: attached }));
    expect(detection.pattern).toBe('model-load');
    expect(detection.modelLoad).toEqual([
      {
        path: 'deploy/models.yaml',
        line: 9,
        note: 'storageUri gs://acme/iris/v3',
      },
    ]);

    const own = analyzeRepositoryFiles(
      files('sklearn: { storageUri: "gs://acme/base" }'),
    );
    expect(
      own.workloads.find(w => w.name === 'sklearn-mms')!.storageUri,
    ).toEqual({ path: 'deploy/isvc.yaml', line: 7, value: 'gs://acme/base' });
  });

  it('flags ModelMesh, counts TrainedModels and reads ServingRuntimes', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'modelmesh/isvc.yaml': text`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: mnist-onnx
            annotations:
              serving.kserve.io/deploymentMode: ModelMesh
          spec:
            predictor:
              model:
                modelFormat:
                  name: onnx
                storageUri: s3://modelmesh-example-models/onnx/mnist.onnx
        `,
        'multi/isvc.yaml': text`
          apiVersion: serving.kserve.io/v1beta1
          kind: InferenceService
          metadata:
            name: triton-mms
          spec:
            predictor:
              triton:
                runtimeVersion: 24.05-py3
          ---
          apiVersion: serving.kserve.io/v1alpha1
          kind: TrainedModel
          metadata:
            name: cifar10
          spec:
            inferenceService: triton-mms
            model:
              framework: pytorch
              storageUri: gs://acme/cifar10
              memory: 1Gi
          ---
          apiVersion: serving.kserve.io/v1alpha1
          kind: TrainedModel
          metadata:
            name: simple-string
          spec:
            inferenceService: triton-mms
            model:
              framework: tensorflow
              storageUri: gs://acme/simple-string
              memory: 1Gi
        `,
        'runtimes/triton.yaml': text`
          apiVersion: serving.kserve.io/v1alpha1
          kind: ServingRuntime
          metadata:
            name: triton-2.x
          spec:
            multiModel: true
            supportedModelFormats:
              - name: onnx
                version: "1"
              - name: pytorch
                version: "1"
                autoSelect: true
            containers:
              - name: triton
                image: nvcr.io/nvidia/tritonserver:24.05-py3
        `,
      }),
    );
    const mesh = evidence.workloads.find(w => w.name === 'mnist-onnx')!;
    expect(mesh.multiModel).toEqual({
      path: 'modelmesh/isvc.yaml',
      line: 6,
      description:
        'KServe ModelMesh (serving.kserve.io/deploymentMode: ModelMesh): models share ModelMesh serving pods',
    });
    const mms = evidence.workloads.find(w => w.name === 'triton-mms')!;
    expect(mms.modelsLoaded).toBe(2);
    expect(mms.modelsLoadedEvidence).toEqual([
      { path: 'multi/isvc.yaml', line: 10, note: 'TrainedModel cifar10' },
      { path: 'multi/isvc.yaml', line: 21, note: 'TrainedModel simple-string' },
    ]);
    expect(mms.multiModel?.description).toMatch(/2 KServe TrainedModel/);
    // The predictor names no model: the TrainedModels' storage is what it pulls.
    expect(mms.storageUri).toEqual({
      path: 'multi/isvc.yaml',
      line: 18,
      value: 'gs://acme/cifar10',
    });
    expect(evidence.servingRuntimes).toEqual([
      {
        path: 'runtimes/triton.yaml',
        line: 1,
        name: 'triton-2.x',
        multiModel: true,
        supportedModelFormats: [
          { name: 'onnx', version: '1' },
          { name: 'pytorch', version: '1' },
        ],
      },
    ]);
  });
});

describe('Seldon', () => {
  it('counts the model nodes of each predictor graph; canary predictors are separate workloads', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'seldon/sdep.yaml': text`
          apiVersion: machinelearning.seldon.io/v1
          kind: SeldonDeployment
          metadata:
            name: ensemble
          spec:
            predictors:
              - name: main
                graph:
                  name: combiner
                  type: COMBINER
                  children:
                    - name: xgb
                      implementation: XGBOOST_SERVER
                      modelUri: gs://acme/xgb
                    - name: sklearn
                      implementation: SKLEARN_SERVER
                      modelUri: gs://acme/sk
              - name: canary
                traffic: 10
                graph:
                  name: xgb-next
                  implementation: XGBOOST_SERVER
                  modelUri: gs://acme/xgb-next
        `,
      }),
    );
    expect(
      evidence.workloads.map(w => [w.name, w.line, w.modelsLoaded]),
    ).toEqual([
      ['ensemble/main', 7, 2],
      ['ensemble/canary', 18, 1],
    ]);
    expect(evidence.workloads[0].modelsLoadedEvidence).toEqual([
      {
        path: 'seldon/sdep.yaml',
        line: 12,
        note: 'Seldon graph model xgb (XGBOOST_SERVER gs://acme/xgb)',
      },
      {
        path: 'seldon/sdep.yaml',
        line: 15,
        note: 'Seldon graph model sklearn (SKLEARN_SERVER gs://acme/sk)',
      },
    ]);
  });
});

describe('Helm templates and Triton', () => {
  it('reads a templated Deployment best-effort and sees a Triton model repository', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'chart/templates/deployment.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: {{ include "triton.fullname" . }}
            labels:
              {{- include "triton.labels" . | nindent 4 }}
          spec:
            replicas: {{ .Values.replicaCount }}
            template:
              spec:
                containers:
                  - name: triton
                    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                    args:
                      - tritonserver
                      - --model-repository={{ .Values.modelRepository }}
                    {{- if .Values.probes }}
                    readinessProbe:
                      httpGet:
                        path: /v2/health/ready
                        port: 8000
                    {{- end }}
        `,
        'chart/values.yaml':
          'replicaCount: 1\nimage:\n  repository: nvcr.io/nvidia/tritonserver\n',
      }),
    );
    expect(evidence.problems).toEqual([]);
    const [triton] = evidence.workloads;
    expect(triton).toMatchObject({
      path: 'chart/templates/deployment.yaml',
      kind: 'Deployment',
      name: 'HELM_TEMPLATE',
      modelsLoaded: null,
      multiModel: {
        path: 'chart/templates/deployment.yaml',
        line: 13,
        description:
          'triton serves every model in a model repository (--model-repository)',
      },
    });
    expect(triton.containers[0].readinessProbe).toEqual({
      path: 'chart/templates/deployment.yaml',
      line: 19,
      description: 'httpGet /v2/health/ready',
    });
  });

  it('counts explicit --load-model flags', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'triton.yaml': text`
          apiVersion: v1
          kind: Pod
          metadata: {name: triton}
          spec:
            containers:
              - name: triton
                image: nvcr.io/nvidia/tritonserver:24.05-py3
                command: [tritonserver]
                args: [--model-repository=s3://acme/repo, --model-control-mode=explicit, --load-model=densenet, --load-model=bert]
        `,
      }),
    );
    expect(evidence.workloads[0]).toMatchObject({
      kind: 'Pod',
      modelsLoaded: 2,
      multiModel: undefined,
    });
  });
});

describe('docker-compose', () => {
  it('turns each service into a workload with env, command, healthcheck, depends_on and build', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'deploy/docker-compose.yml': text`
          services:
            api:
              build:
                context: ..
                dockerfile: docker/api.Dockerfile
              command: uvicorn app.main:app --host 0.0.0.0
              environment:
                MODEL_PATH: /models/model.onnx
                WORKERS: "2"
              healthcheck:
                test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
              depends_on:
                model-init:
                  condition: service_completed_successfully
            model-init:
              image: amazon/aws-cli:2.15.0
              command: s3 cp s3://acme-models/model.onnx /models/model.onnx
              environment:
                - AWS_REGION=eu-west-1
            nginx:
              image: nginx:1.27
        `,
      }),
    );
    expect(
      evidence.workloads.map(w => [w.name, w.line, w.kind, w.modelsLoaded]),
    ).toEqual([
      ['api', 2, 'compose-service', 1],
      ['model-init', 15, 'compose-service', null],
      ['nginx', 20, 'compose-service', null],
    ]);
    const [api] = evidence.workloads;
    expect(api.dockerfile).toBe('docker/api.Dockerfile');
    expect(api.dependsOn).toEqual(['model-init']);
    expect(api.containers[0]).toMatchObject({
      command: 'uvicorn app.main:app --host 0.0.0.0',
      env: [
        { name: 'MODEL_PATH', value: '/models/model.onnx', line: 8 },
        { name: 'WORKERS', value: '2', line: 9 },
      ],
      readinessProbe: {
        path: 'deploy/docker-compose.yml',
        line: 11,
        description: 'compose healthcheck curl -f http://localhost:8000/health',
      },
    });
    expect(evidence.workloads[1].containers[0].env).toEqual([
      { name: 'AWS_REGION', value: 'eu-west-1', line: 19 },
    ]);
    expect(evidence.workloads[2].containers[0].sidecar).toBe(true);
  });
});

describe('review, CI and data', () => {
  it('finds CODEOWNERS, Prow OWNERS, CI configs and DVC files', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        '.github/CODEOWNERS':
          '# owners\n\n*       @acme/ml-platform\n/models @acme/ranking\n',
        'docs/CODEOWNERS': '# only comments here\n',
        'pipelines/OWNERS': 'approvers:\n  - alice\nreviewers:\n  - bob\n',
        OWNERS: 'labels:\n  - area/ml\n',
        '.github/workflows/test.yml': 'on: [push]\njobs: {}\n',
        '.gitlab-ci.yml': 'test:\n  script: pytest\n',
        Jenkinsfile: 'pipeline {}\n',
        'dvc.yaml': 'stages:\n  train:\n    cmd: python train.py\n',
        'data/raw.csv.dvc': 'outs:\n- md5: 1234\n  size: 10\n  path: raw.csv\n',
        '.dvc/config':
          '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = s3://acme-dvc\n',
        'conf/base/catalog.yml':
          'customers:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/customers.csv\n',
      }),
    );
    expect(evidence.codeReview).toEqual([
      { path: '.github/CODEOWNERS', line: 3, kind: 'CODEOWNERS' },
      { path: 'pipelines/OWNERS', line: 2, kind: 'OWNERS' },
    ]);
    expect(evidence.problems).toEqual([
      {
        path: 'OWNERS',
        message:
          'OWNERS lists no approvers or reviewers; it does not count as code review',
      },
      {
        path: 'docs/CODEOWNERS',
        message:
          'CODEOWNERS has no rule assigning owners; it does not count as code review',
      },
    ]);
    expect(evidence.ci).toEqual([
      { path: '.github/workflows/test.yml', line: 1, kind: 'github-actions' },
      { path: '.gitlab-ci.yml', line: 1, kind: 'gitlab-ci' },
      { path: 'Jenkinsfile', line: 1, kind: 'jenkins' },
    ]);
    expect(evidence.dataReferences).toEqual([
      { path: '.dvc/config', line: 1, note: 'DVC remote storage' },
      {
        path: 'conf/base/catalog.yml',
        line: 1,
        note: 'Kedro data catalog (1 datasets)',
      },
      { path: 'data/raw.csv.dvc', line: 4, note: 'DVC-tracked data: raw.csv' },
      { path: 'dvc.yaml', line: 1, note: 'DVC pipeline' },
    ]);
  });

  it('lists lockfiles and model files by name', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'poetry.lock': '',
        'uv.lock': '',
        'Pipfile.lock': '{}',
        'env.conda-lock.yml': '',
        'pdm.lock': '',
        'web/package-lock.json': '{}',
        'node_modules/x/model.onnx': 'x',
        'checkpoints/pytorch_model.bin': 'x',
        'hf/bert/config.json': '{}',
        'hf/bert/tokenizer.model': 'x',
        'build/libfoo.bin': 'x',
        'export/saved_model.pb': 'x',
      }),
    );
    expect(evidence.lockfiles.map(l => [l.path, l.kind])).toEqual([
      ['Pipfile.lock', 'Pipfile.lock'],
      ['env.conda-lock.yml', 'conda-lock'],
      ['pdm.lock', 'pdm.lock'],
      ['poetry.lock', 'poetry.lock'],
      ['uv.lock', 'uv.lock'],
      ['web/package-lock.json', 'package-lock'],
    ]);
    expect(evidence.modelFiles).toEqual([
      'checkpoints/pytorch_model.bin',
      'export/saved_model.pb',
      'hf/bert/tokenizer.model',
    ]);
  });
});

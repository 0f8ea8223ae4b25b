import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { RepositoryEvidence } from '../../types';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';

/** The one-model-per-server check on a tree, as the engine runs it. */
function allInOneCheck(evidence: RepositoryEvidence) {
  return runCheck(oneModelPerServerRule, makeInput({ evidence }));
}

const onnxConfig = (name: string) => text`
  name: "${name}"
  platform: "onnxruntime_onnx"
  max_batch_size: 8
  input [ { name: "input" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]
  output [ { name: "output" data_type: TYPE_FP32 dims: [ 1000 ] } ]
`;

describe('Triton model repositories', () => {
  it('counts one model per folder of a model repository and names each config', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'triton/models/resnet/config.pbtxt': onnxConfig('resnet'),
        'triton/models/resnet/1/model.onnx': 'onnx',
        'triton/models/fraud/config.pbtxt': text`
          # gradient-boosted trees on the FIL backend
          name: "fraud"
          backend: "fil"
          parameters { key: "model_type" value: { string_value: "xgboost_json" } }
        `,
        'triton/models/churn/config.pbtxt': onnxConfig('churn'),
      }),
    );
    expect(evidence.problems).toEqual([]);
    expect(evidence.modelServers).toEqual([
      {
        path: 'triton/models/churn/config.pbtxt',
        line: 1,
        server: 'triton',
        description: 'Triton model repository triton/models/',
        models: [
          expect.objectContaining({
            path: 'triton/models/churn/config.pbtxt',
            line: 1,
            name: 'churn',
          }),
          expect.objectContaining({
            path: 'triton/models/fraud/config.pbtxt',
            line: 2,
            name: 'fraud',
            note: 'Triton model fraud (fil)',
          }),
          expect.objectContaining({
            path: 'triton/models/resnet/config.pbtxt',
            line: 1,
            name: 'resnet',
          }),
        ],
      },
    ]);
    const check = allInOneCheck(evidence);
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual(
      expect.arrayContaining([
        {
          path: 'triton/models/fraud/config.pbtxt',
          line: 2,
          note: 'Triton model fraud (fil)',
        },
      ]),
    );
  });

  it('counts an ensemble of one network with its tokenizer and label-map steps as one model', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'model_repository/classifier/config.pbtxt': text`
          name: "classifier"
          platform: "ensemble"
          max_batch_size: $MAX_BATCH_SIZE
          ensemble_scheduling {
            step [
              { model_name: "tokenize", model_version: -1,
                input_map { key: "text" value: "text" }
                output_map { key: "ids" value: "ids" } },
              { model_name: "bert_onnx" model_version: -1
                input_map { key: "ids" value: "ids" }
                output_map { key: "logits" value: "logits" } },
              { model_name: "labels" model_version: -1
                input_map { key: "logits" value: "logits" }
                output_map { key: "label" value: "label" } }
            ]
          }
        `,
        'model_repository/tokenize/config.pbtxt':
          'name: "tokenize"\nbackend: "python"\n',
        'model_repository/tokenize/1/model.py': text`
          from transformers import AutoTokenizer

          class TritonPythonModel:
              def initialize(self, args):
                  self.tokenizer = AutoTokenizer.from_pretrained("/models/tokenize/1/tokenizer")
        `,
        'model_repository/bert_onnx/config.pbtxt.template': text`
          name: "bert_onnx"
          backend: "onnxruntime"
          output [ { name: "logits" data_type: TYPE_FP32 dims: [ $NUM_CLASSES ] } ]
        `,
        'model_repository/labels/config.pbtxt':
          'name: "labels"\nbackend: "python"\n',
        'model_repository/labels/1/model.py': text`
          import json

          class TritonPythonModel:
              def initialize(self, args):
                  with open("id2label.json") as f:
                      self.labels = json.load(f)
        `,
      }),
    );
    expect(evidence.modelServers).toEqual([
      expect.objectContaining({
        server: 'triton',
        models: [
          {
            path: 'model_repository/classifier/config.pbtxt',
            line: 1,
            name: 'classifier',
            note: 'Triton ensemble classifier: network bert_onnx with its processing steps tokenize, labels',
          },
        ],
      }),
    ]);
    const check = allInOneCheck(evidence);
    expect(check.verdict).toBe('pass');
    expect(check.evidence).toContainEqual({
      path: 'model_repository/classifier/config.pbtxt',
      line: 1,
      note: 'Triton model repository model_repository/ hosts one model: Triton ensemble classifier: network bert_onnx with its processing steps tokenize, labels',
    });
  });

  it('counts the networks of an ensemble that chains two trained models', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'repo/ocr/config.pbtxt': text`
          name: "ocr"
          platform: "ensemble"
          ensemble_scheduling {
            step { model_name: "detector" model_version: -1 }
            step { model_name: "recognizer" model_version: -1 }
          }
        `,
        'repo/detector/config.pbtxt': onnxConfig('detector'),
        'repo/recognizer/config.pbtxt':
          'name: "recognizer"\nplatform: "pytorch_libtorch"\n',
      }),
    );
    expect(evidence.modelServers?.[0].models.map(m => m.name)).toEqual([
      'detector',
      'recognizer',
    ]);
    expect(allInOneCheck(evidence).verdict).toBe('fail');
  });

  it('narrows the repository to the models a server loads explicitly, and resolves the workload', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'model_repository/densenet/config.pbtxt': onnxConfig('densenet'),
        'model_repository/yolo/config.pbtxt': onnxConfig('yolo'),
        'docker-compose.yml': text`
          services:
            triton:
              image: nvcr.io/nvidia/tritonserver:24.05-py3
              command: tritonserver --model-repository=/models --model-control-mode=explicit --load-model=densenet
              volumes:
                - ./model_repository:/models
        `,
      }),
    );
    expect(evidence.modelServers).toEqual([
      expect.objectContaining({
        description:
          'Triton model repository model_repository/ with explicit model control (--load-model densenet)',
        models: [expect.objectContaining({ name: 'densenet' })],
      }),
    ]);
    expect(evidence.workloads[0]).toMatchObject({
      modelsLoaded: 1,
      multiModel: undefined,
    });
    expect(allInOneCheck(evidence).verdict).toBe('pass');
  });

  it('resolves a Deployment started on the repository of the tree: one model is not several', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'model_repository/densenet/config.pbtxt': onnxConfig('densenet'),
        'k8s/deployment.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: triton}
          spec:
            template:
              spec:
                containers:
                  - name: triton
                    image: nvcr.io/nvidia/tritonserver:24.05-py3
                    args: [tritonserver, --model-repository=/opt/model_repository]
        `,
      }),
    );
    expect(evidence.workloads[0]).toMatchObject({
      modelsLoaded: 1,
      multiModel: undefined,
      modelsLoadedEvidence: [
        {
          path: 'model_repository/densenet/config.pbtxt',
          line: 1,
          note: 'triton: Triton model densenet (onnxruntime_onnx)',
        },
      ],
    });
    expect(allInOneCheck(evidence).verdict).toBe('pass');
  });

  it('reports a configuration it cannot parse and counts the folder all the same', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'models/a/config.pbtxt': 'name: "a"\ninput [ { name: "x" \n',
        'models/b/config.pbtxt': onnxConfig('b'),
      }),
    );
    expect(evidence.problems).toEqual([
      {
        path: 'models/a/config.pbtxt',
        line: 2,
        message: "Triton model configuration not read: missing '}'",
      },
    ]);
    expect(evidence.modelServers?.[0].models.map(m => m.name)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('TensorFlow Serving model_config_list', () => {
  it('counts the configs of the list a tensorflow_model_server loads', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'serving/models.config': text`
          model_config_list: {
            config: {
              name: "en-fr",
              base_path: "/models/en-fr/",
              model_platform: "tensorflow"
            },
            config: {
              name: "fr-en",
              base_path: "/models/fr-en/",
              model_platform: "tensorflow"
            }
          }
        `,
      }),
    );
    const check = allInOneCheck(evidence);
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual([
      {
        path: 'serving/models.config',
        line: 1,
        note: 'TensorFlow Serving model_config_list in serving/models.config hosts 2 models (deliberate multi-model serving can be waived)',
      },
      {
        path: 'serving/models.config',
        line: 2,
        note: 'TensorFlow Serving model en-fr from /models/en-fr/',
      },
      {
        path: 'serving/models.config',
        line: 7,
        note: 'TensorFlow Serving model fr-en from /models/fr-en/',
      },
    ]);
  });

  it('counts the versions of one model as one model, and resolves --model_config_file', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'models.conf': text`
          model_config_list {
            config {
              name: 'forecaster'
              base_path: '/models/forecaster'
              model_version_policy { specific { versions: 1 versions: 2 } }
              version_labels { key: 'stable' value: 1 }
            }
          }
        `,
        'docker-compose.yml': text`
          services:
            serving:
              image: tensorflow/serving:2.15.0
              command: --model_config_file=/models/models.conf
        `,
      }),
    );
    expect(evidence.workloads[0]).toMatchObject({
      modelsLoaded: 1,
      multiModel: undefined,
    });
    expect(allInOneCheck(evidence).verdict).toBe('pass');
  });
});

describe('TorchServe config.properties', () => {
  it('counts every archive of the model store when load_models=all', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'serve/config.properties': text`
          inference_address=http://0.0.0.0:8080
          load_models=all
          model_store=/home/model-server/model-store
        `,
        'model-store/summarizer.mar': 'zip',
        'model-store/translator.mar': 'zip',
      }),
    );
    expect(evidence.modelServers).toEqual([
      {
        path: 'serve/config.properties',
        line: 2,
        server: 'torchserve',
        description: 'TorchServe configured by serve/config.properties',
        models: [
          expect.objectContaining({
            path: 'model-store/summarizer.mar',
            name: 'summarizer',
          }),
          expect.objectContaining({
            path: 'model-store/translator.mar',
            name: 'translator',
          }),
        ],
      },
    ]);
    expect(allInOneCheck(evidence).verdict).toBe('fail');
  });

  it('reads one archive named by load_models, and leaves an empty store uncounted', () => {
    const one = analyzeRepositoryFiles(
      repo({
        'config.properties': 'load_models=vit=vit.mar\nmodel_store=store\n',
      }),
    );
    expect(one.modelServers).toEqual([
      expect.objectContaining({
        line: 1,
        models: [
          {
            path: 'config.properties',
            line: 1,
            name: 'vit',
            note: 'TorchServe model vit=vit.mar (load_models)',
          },
        ],
      }),
    ]);
    const unknownStore = analyzeRepositoryFiles(
      repo({ 'config.properties': 'load_models=all\nmodel_store=store\n' }),
    );
    expect(unknownStore.modelServers).toEqual([]);
  });

  it('resolves a torchserve command: one named archive is one model, --models all counts the store', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'docker-compose.yml': text`
          services:
            one:
              image: pytorch/torchserve:0.11.0-cpu
              command: torchserve --start --model-store /home/model-server/model-store --models vit=vit.mar
            every:
              image: pytorch/torchserve:0.11.0-cpu
              command: torchserve --start --model-store /home/model-server/model-store --models all
        `,
        'model-store/vit.mar': 'zip',
        'model-store/bert.mar': 'zip',
      }),
    );
    const [one, every] = evidence.workloads;
    expect(one).toMatchObject({
      modelsLoaded: 1,
      multiModel: undefined,
      modelsLoadedEvidence: [
        {
          path: 'docker-compose.yml',
          line: 3,
          note: 'one: TorchServe model vit=vit.mar (--models)',
        },
      ],
    });
    expect(every).toMatchObject({
      modelsLoaded: 2,
      multiModel: {
        path: 'docker-compose.yml',
        line: 6,
        description:
          'every serves the 2 models of torchserve --models in docker-compose.yml',
      },
    });
    expect(allInOneCheck(evidence).evidence).toContainEqual({
      path: 'model-store/bert.mar',
      line: 1,
      note: 'every: TorchServe archive model-store/bert.mar (--models all)',
    });
  });

  it('counts the models of a model snapshot', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'config.properties': text`
          model_store=/mnt/models
          model_snapshot={"name":"startup.cfg","modelCount":2,"models":{"a":{"1.0":{"marName":"a.mar"}},"b":{"1.0":{"marName":"b.mar"}}}}
        `,
      }),
    );
    expect(
      evidence.modelServers?.[0].models.map(m => [m.name, m.line]),
    ).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });
});

describe('MLServer model settings', () => {
  it('counts the model settings one MLServer serves from its settings folder', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'settings.json': '{"debug": false}',
        'models/svm/model-settings.json': text`
          {
            "name": "svm",
            "implementation": "mlserver_sklearn.SKLearnModel"
          }
        `,
        'models/trees/model-settings.json': text`
          {
            "implementation": "mlserver_xgboost.XGBoostModel",
            "name": "trees"
          }
        `,
      }),
    );
    const check = allInOneCheck(evidence);
    expect(check.verdict).toBe('fail');
    expect(check.evidence).toEqual([
      {
        path: 'settings.json',
        line: 1,
        note: 'MLServer serving ./ hosts 2 models (deliberate multi-model serving can be waived)',
      },
      {
        path: 'models/svm/model-settings.json',
        line: 2,
        note: 'MLServer model svm (mlserver_sklearn.SKLearnModel)',
      },
      {
        path: 'models/trees/model-settings.json',
        line: 3,
        note: 'MLServer model trees (mlserver_xgboost.XGBoostModel)',
      },
    ]);
  });

  it('takes model settings outside any server folder as single-model servers', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'model/model-settings.json': '{"name": "cassava"}',
      }),
    );
    expect(allInOneCheck(evidence)).toMatchObject({
      verdict: 'pass',
      evidence: [
        {
          path: 'model/model-settings.json',
          line: 1,
          note: 'MLServer model settings model/model-settings.json hosts one model: MLServer model cassava',
        },
      ],
    });
  });
});

describe('bentofile models', () => {
  it('counts distinct model names packed into the Bento', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'bentofile.yaml': text`
          service: "service:svc"
          models:
            - summarizer:latest
            - tag: classifier:v3
            - summarizer:v1
        `,
      }),
    );
    expect(evidence.modelServers?.[0].models).toEqual([
      {
        path: 'bentofile.yaml',
        line: 3,
        name: 'summarizer',
        note: 'BentoML model summarizer:latest',
      },
      {
        path: 'bentofile.yaml',
        line: 4,
        name: 'classifier',
        note: 'BentoML model classifier:v3',
      },
    ]);
    expect(allInOneCheck(evidence).verdict).toBe('fail');
  });
});

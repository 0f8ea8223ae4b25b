import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';
import { parseTextProto } from './textProto';

/**
 * A Triton repository kept as a template: its `config.pbtxt` files leave
 * values blank (`max_batch_size:` with nothing after it) for a script to
 * fill in. The fields that are written (platform, backend, the ensemble's
 * steps) still say what the repository serves.
 */

const step = (name: string) => text`
  name: "${name}"
  backend: "python"
  max_batch_size:
  input [
    {
      name:
      dims:
    },
  ]
  instance_group [ { kind: count: } ]
`;

const stub = text`
  import json

  class TritonPythonModel:
      def initialize(self, args):
          self.config = json.loads(args["model_config"])

      def execute(self, requests):
          return []
`;

const files = {
  'docker-compose.yml': text`
    services:
      server:
        image: nvcr.io/nvidia/tritonserver:24.01-py3
        volumes:
          - ./repo:/models
        command: tritonserver --model-repository=/models
  `,
  'repo/chain/config.pbtxt': text`
    name: "chain"
    platform: "ensemble"
    max_batch_size:
    input [ { name: data_type: dims: } ]
    ensemble_scheduling {
      step [
        { model_name: "before" model_version: -1 },
        { model_name: "detector" model_version: -1 },
        { model_name: "after" model_version: -1 }
      ]
    }
  `,
  'repo/before/config.pbtxt': step('before'),
  'repo/before/1/model.py': stub,
  'repo/after/config.pbtxt': step('after'),
  'repo/after/1/model.py': stub,
};

describe('a Triton repository whose configs leave values blank', () => {
  it('reads the written fields and skips the blanks', () => {
    const parsed = parseTextProto(step('before'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.message.fields.map(f => f.name)).toEqual([
      'name',
      'backend',
      'input',
      'instance_group',
    ]);
  });

  it('is one model: an ensemble of one network and its Python steps', () => {
    const result = allInOneOf(files);
    expect(result.evidence.problems).toEqual([]);
    expect(result.verdict).toBe('pass');
    expect(result.at).toContain('repo/chain/config.pbtxt:1');
    expect(result.notes).toContain(
      'Triton model repository repo/ hosts one model: Triton ensemble chain: no network with its processing steps before, after',
    );
  });
});

describe('a Triton server started on the repository its image copies', () => {
  it('counts the models of that repository, though another repository beside it has a name no closer', () => {
    const { 'docker-compose.yml': _, ...repository } = files;
    const result = allInOneOf({
      ...repository,
      'Dockerfile.server': text`
        FROM nvcr.io/nvidia/tritonserver:24.01-py3
        COPY repo/ /models
        CMD ["tritonserver", "--model-repository=/models"]
      `,
      'docker-compose.yml': text`
        services:
          server:
            build:
              context: .
              dockerfile: Dockerfile.server
            command: tritonserver --model-repository=/models
      `,
      'demo/store/first/config.pbtxt':
        'name: "first"\nplatform: "onnxruntime_onnx"\n',
    });
    expect(result.verdict).toBe('pass');
    expect(
      result.evidence.workloads.map(w => [w.name, w.modelsLoaded]),
    ).toEqual([['server', 1]]);
  });
});

import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { detectReleasePattern } from '../../../engine/releasePattern';
import { configurableModelRule } from '../../../engine/rules/modelLoad';
import { RepositoryEvidence, RepositoryFile } from '../../types';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';
import { wantsContextContent } from '../repositoryContext/contextFiles';

function releaseOf(evidence: RepositoryEvidence) {
  return detectReleasePattern(makeInput({ evidence }));
}

describe('platform loaders', () => {
  it('releases a Seldon prepackaged server with modelUri as Model-load, at the modelUri line', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'seldon/iris.yaml': text`
          apiVersion: machinelearning.seldon.io/v1
          kind: SeldonDeployment
          metadata:
            name: iris
          spec:
            predictors:
              - name: default
                graph:
                  name: classifier
                  implementation: SKLEARN_SERVER
                  modelUri: gs://acme-models/sklearn/iris
        `,
      }),
    );
    const release = releaseOf(evidence);
    expect(release.pattern).toBe('model-load');
    expect(release.modelLoad).toEqual([
      {
        path: 'seldon/iris.yaml',
        line: 11,
        note: 'Seldon SKLEARN_SERVER modelUri gs://acme-models/sklearn/iris',
      },
    ]);
  });

  it('releases a Seldon Core 2 Model as Model-load, at its storageUri line', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'models/iris.yaml': text`
          apiVersion: mlops.seldon.io/v1alpha1
          kind: Model
          metadata:
            name: iris
          spec:
            storageUri: gs://acme-models/iris-sklearn
            requirements: [sklearn]
            server: mlserver
        `,
      }),
    );
    expect(evidence.workloads).toEqual([
      expect.objectContaining({ name: 'iris', modelsLoaded: 1 }),
    ]);
    expect(releaseOf(evidence)).toMatchObject({
      pattern: 'model-load',
      modelLoad: [
        {
          path: 'models/iris.yaml',
          line: 6,
          note: 'Seldon Core 2 Model storageUri gs://acme-models/iris-sklearn',
        },
      ],
    });
  });

  it('releases Triton on a remote model repository as Model-load', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'deploy/triton.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: triton}
          spec:
            template:
              spec:
                containers:
                  - name: triton
                    image: nvcr.io/nvidia/tritonserver:24.05-py3
                    args:
                      - tritonserver
                      - --model-repository=s3://acme-models/triton
                      - --strict-readiness=true
        `,
      }),
    );
    expect(releaseOf(evidence)).toMatchObject({
      pattern: 'model-load',
      modelLoad: [
        {
          path: 'deploy/triton.yaml',
          line: 12,
          note: 'triton model repository s3://acme-models/triton',
        },
      ],
    });
  });
});

describe('text-generation servers started with a hub model id', () => {
  it('sees vLLM and TEI in compose fetch the model their variables name, at the command line', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'compose.yaml': text`
          services:
            embedder:
              image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.7
              command: --model-id \${EMBEDDING_MODEL_ID} --auto-truncate
            llm:
              image: vllm/vllm-openai:v0.6.3
              environment:
                HF_TOKEN: \${HF_TOKEN}
              command: --model $LLM_MODEL_ID --port 80
            gateway:
              image: acme/rag-gateway:1.2.0
              environment:
                LLM_ENDPOINT: http://llm:80
        `,
      }),
    );
    const release = releaseOf(evidence);
    expect(release.pattern).toBe('model-load');
    expect(release.modelLoad).toEqual([
      {
        path: 'compose.yaml',
        line: 4,
        note: 'container embedder downloads the model: container embedder: Text Embeddings Inference downloads the model named by EMBEDDING_MODEL_ID when it starts (--model-id)',
      },
      {
        path: 'compose.yaml',
        line: 9,
        note: 'container llm downloads the model: container llm: vLLM downloads the model named by LLM_MODEL_ID when it starts (--model)',
      },
    ]);
    expect(
      runCheck(configurableModelRule, makeInput({ evidence })).verdict,
    ).toBe('pass');
  });

  it('reads a TGI model id from env, and leaves local paths and an offline hub alone', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'k8s/tgi.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: tgi}
          spec:
            template:
              spec:
                containers:
                  - name: tgi
                    image: ghcr.io/huggingface/text-generation-inference:2.4.0
                    env:
                      - name: MODEL_ID
                        value: mistralai/Mistral-7B-Instruct-v0.3
        `,
        'k8s/local.yaml': text`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: local}
          spec:
            template:
              spec:
                containers:
                  - name: vllm
                    image: vllm/vllm-openai:v0.6.3
                    args: [--model, /models/llama-3-8b]
                  - name: offline
                    image: ghcr.io/huggingface/text-generation-inference:2.4.0
                    args: [--model-id, bigscience/bloom-560m]
                    env:
                      - name: HF_HUB_OFFLINE
                        value: "1"
        `,
      }),
    );
    const byName = Object.fromEntries(
      evidence.workloads.flatMap(w => w.containers).map(c => [c.name, c]),
    );
    expect(byName.tgi.downloadsModel).toEqual({
      path: 'k8s/tgi.yaml',
      line: 11,
      description:
        'container tgi: Text Generation Inference downloads the hub model mistralai/Mistral-7B-Instruct-v0.3 when it starts (env MODEL_ID)',
      configuredBy: "the manifest's env MODEL_ID",
    });
    expect(byName.vllm.downloadsModel).toBeUndefined();
    expect(byName.offline.downloadsModel).toBeUndefined();
  });

  it("names the model a chart's values give to a templated vLLM command", () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'chart/Chart.yaml': 'apiVersion: v2\nname: llm\nversion: 0.1.0\n',
        'chart/values.yaml': text`
          engine:
            image: vllm/vllm-openai
            models:
              - name: small
                modelURL: "facebook/opt-125m"
        `,
        'chart/templates/engine.yaml': text`
          {{- range $spec := .Values.engine.models }}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: "{{ $.Release.Name }}-{{ $spec.name }}"
          spec:
            template:
              spec:
                containers:
                  - name: engine
                    image: "{{ $.Values.engine.image }}"
                    command:
                      - vllm
                      - serve
                      - {{ $spec.modelURL | quote }}
                      - --port
                      - "8000"
          {{- end }}
        `,
      }),
    );
    expect(releaseOf(evidence).modelLoad).toEqual([
      {
        path: 'chart/templates/engine.yaml',
        line: 16,
        note: 'container engine downloads the model: container engine: vLLM downloads the hub model facebook/opt-125m when it starts (serve argument; chart/values.yaml:5 modelURL)',
      },
    ]);
  });
});

describe('manifests read from the project around a scored folder', () => {
  it('see the hub model a server there fetches, at its line relative to the folder', () => {
    const files: Record<string, string> = {
      'llm/Dockerfile': text`
        FROM vllm/vllm-openai:v0.6.3
        COPY ./src/ /app/src/
        CMD ["python", "-m", "src.serve"]
      `,
      'llm/src/serve.py': 'import vllm\n',
      'llm/manifests/engine.yaml': text`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: engine}
        spec:
          template:
            spec:
              containers:
                - name: engine
                  image: acme/llm-engine:1.0.0
                  command: [python, -m, vllm.entrypoints.openai.api_server]
                  args: [--model, Qwen/Qwen2.5-0.5B-Instruct]
      `,
    };
    const scope = 'llm/src';
    const around: RepositoryFile[] = Object.entries(files)
      .filter(([path]) => !path.startsWith(`${scope}/`))
      .map(([path, value]) => {
        const content = Buffer.from(value);
        return wantsContextContent(path, content.length, scope)
          ? { path, size: content.length, content }
          : { path, size: content.length };
      });
    const evidence = analyzeRepositoryFiles(
      repo({ 'serve.py': files['llm/src/serve.py'] }),
      { repository: { scope, files: around } },
    );
    expect(releaseOf(evidence).modelLoad).toEqual([
      {
        path: '../manifests/engine.yaml',
        line: 11,
        note: 'container engine downloads the model: container engine: vLLM downloads the hub model Qwen/Qwen2.5-0.5B-Instruct when it starts (--model)',
      },
    ]);
  });
});

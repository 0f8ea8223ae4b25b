import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An init container started from a model image copies the model into an
 * emptyDir the server reads it from: the server's image holds no model,
 * the model reaches it when the pod starts (Model-load).
 */

const pod = (serverImage: string, modelPath: string) => text`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: chat
  spec:
    template:
      spec:
        initContainers:
          - name: weights
            image: registry.example/models/tiny-chat:1.0
            command: ["cp", "-r", "/weights/.", "/handoff/"]
            volumeMounts:
              - name: handoff
                mountPath: /handoff
        containers:
          - name: server
            image: ${serverImage}
            env:
              - name: MODEL_PATH
                value: ${modelPath}
            volumeMounts:
              - name: handoff
                mountPath: /srv/model
        volumes:
          - name: handoff
            emptyDir: {}
`;

describe('a model an init container puts in a shared emptyDir', () => {
  it('reaches the server when the pod starts: Model-load, at the init container', () => {
    const result = release({
      'deploy/chat.yaml': pod(
        'registry.example/generic-llm-server:2.1',
        '/srv/model/tiny.gguf',
      ),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      "deploy/chat.yaml:10 init container weights downloads the model: init container weights (image registry.example/models/tiny-chat:1.0) fills the emptyDir volume handoff (at /handoff) when the pod starts, and container server reads its model from there (MODEL_PATH=/srv/model/tiny.gguf): the model is not in the server's image",
    ]);
  });

  it('is not said when the server reads its model elsewhere or the init container runs the server image', () => {
    const elsewhere = release({
      'deploy/chat.yaml': pod(
        'registry.example/generic-llm-server:2.1',
        '/opt/baked/tiny.gguf',
      ),
    });
    expect(elsewhere.atStart).toEqual([]);
    const sameImage = release({
      'deploy/chat.yaml': pod(
        'registry.example/models/tiny-chat:1.0',
        '/srv/model/tiny.gguf',
      ),
    });
    expect(sameImage.atStart).toEqual([]);
  });

  it('reads a chart template with the images and path its default values give', () => {
    const result = release({
      'chart/Chart.yaml': 'apiVersion: v2\nname: chat\nversion: 0.1.0\n',
      'chart/values.yaml': text`
        weights:
          image: registry.example/models/tiny-chat:1.0
        server:
          image: registry.example/generic-llm-server:2.1
          modelFile: /srv/model/tiny.gguf
      `,
      'chart/templates/deployment.yaml': pod(
        '{{ .Values.server.image }}',
        '{{ .Values.server.modelFile | quote }}',
      ).replace(
        'registry.example/models/tiny-chat:1.0',
        '"{{ .Values.weights.image }}"',
      ),
    });
    expect(result.evidence.workloads[0].containers[0].image).toBe(
      'registry.example/generic-llm-server:2.1',
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^chart\/templates\/deployment\.yaml:10 .*\(MODEL_PATH=\/srv\/model\/tiny\.gguf, chart\/values\.yaml:5 server\.modelFile\)/,
      ),
    ]);
  });
});

describe('a model server told its model folder in its arguments', () => {
  const served = (args: string) => text`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: detector
    spec:
      template:
        spec:
          initContainers:
            - name: unpack
              image: ghcr.io/oras-project/oras:v1.2.0
              command: ["sh", "-c", "oras pull registry.example/models/detector:3 -o /work/repo"]
              volumeMounts:
                - name: repo
                  mountPath: /work/repo
          containers:
            - name: triton
              image: nvcr.io/nvidia/tritonserver:24.08-py3
              args: ["tritonserver", "${args}", "--strict-readiness=true"]
              volumeMounts:
                - name: repo
                  mountPath: /models
          volumes:
            - name: repo
              emptyDir: {}
  `;

  it('gets the model an init container puts in the emptyDir it reads: Model-load, at the init container', () => {
    const result = release({
      'k8s/detector.yaml': served('--model-repository=/models'),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      "k8s/detector.yaml:10 init container unpack downloads the model: init container unpack (image ghcr.io/oras-project/oras:v1.2.0) fills the emptyDir volume repo (at /work/repo) when the pod starts, and container triton reads its model from there (--model-repository=/models): the model is not in the server's image",
    ]);
  });

  it('says nothing when the arguments point the server elsewhere', () => {
    const result = release({
      'k8s/detector.yaml': served('--model-repository=/opt/baked'),
    });
    expect(result.atStart).toEqual([]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server image that holds only code, deployed with its model folder
 * mounted from outside the pod: the model reaches it when the pod starts.
 */

const image = {
  Dockerfile: text`
    FROM python:3.11-slim
    RUN pip install seldon-core==1.17.1 joblib==1.4.2
    COPY serving/scorer.py /srv/Scorer.py
    WORKDIR /srv
    CMD seldon-core-microservice Scorer --service-type MODEL
  `,
  'serving/scorer.py': text`
    import os
    import joblib

    class Scorer:
        def __init__(self):
            self.model = joblib.load(os.environ["MODEL_FILE"])
  `,
};

const manifest = (volume: string) => text`
  apiVersion: machinelearning.seldon.io/v1
  kind: SeldonDeployment
  metadata:
    name: scorer
  spec:
    predictors:
      - name: main
        componentSpecs:
          - spec:
              containers:
                - name: scorer
                  image: registry.example.com/scorer:3
                  env:
                    - name: MODEL_FILE
                      value: /var/models/scorer.joblib
                  volumeMounts:
                    - name: weights
                      mountPath: /var/models
              volumes:
                - name: weights
${volume}
        graph:
          name: scorer
          type: MODEL
`;

describe('a model read from a volume mounted at start', () => {
  it('is Model-load for a hostPath volume where the model env var points, naming the mount line', () => {
    const result = releaseOf({
      ...image,
      'deploy/scorer.yaml': manifest(
        '                  hostPath:\n                    path: /data/models',
      ),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'deploy/scorer.yaml:17 container scorer reads its model (MODEL_FILE=/var/models/scorer.joblib) from the hostPath volume weights mounted at /var/models (deploy/scorer.yaml:20): the model is supplied when the pod starts, not built into the image',
    ]);
  });

  it('is Model-load for a PersistentVolumeClaim mounted where a Deployment server reads its model folder', () => {
    const result = releaseOf({
      'k8s/triton.yaml': text`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: triton
        spec:
          template:
            spec:
              containers:
                - name: triton
                  image: nvcr.io/nvidia/tritonserver:24.05-py3
                  args: ["tritonserver", "--model-repository=/models"]
                  volumeMounts:
                    - name: repository
                      mountPath: /models
              volumes:
                - name: repository
                  persistentVolumeClaim:
                    claimName: triton-models
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'k8s/triton.yaml:13 container triton reads its model (--model-repository=/models) from the persistentVolumeClaim volume repository mounted at /models (k8s/triton.yaml:16): the model is supplied when the pod starts, not built into the image',
    ]);
  });

  it('is not a model supplied at start when the volume is a ConfigMap beside the model path', () => {
    const result = releaseOf({
      ...image,
      'deploy/scorer.yaml': manifest(
        '                  configMap:\n                    name: scorer-settings',
      ),
    });
    expect(result.atStart).toEqual([]);
  });
});

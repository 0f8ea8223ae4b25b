import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A training Job writes its model to a volume (a hostPath on the
 * developer's machine); the serving image copies the trained model folder,
 * classifier and scaler, in. The Job's volume is where training writes,
 * not where a server reads: the server's model is in its image.
 */
describe('a training Job beside a server whose image holds the trained folder', () => {
  const tree = (trainerKind: 'Job' | 'Deployment') => ({
    'Dockerfile.serve': text`
      FROM python:3.11-slim
      WORKDIR /srv
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      ENV MODEL_DIR=/srv/model
      COPY service/ service/
      COPY runs/model/ /srv/model/
      CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0"]
    `,
    'Dockerfile.fit': text`
      FROM python:3.11-slim
      COPY requirements.txt fit.py /opt/job/
      RUN pip install -r /opt/job/requirements.txt
      CMD ["python", "/opt/job/fit.py"]
    `,
    'requirements.txt':
      'scikit-learn==1.5.0\nfastapi==0.111.0\nuvicorn==0.30.1\n',
    '.gitignore': 'runs/\n',
    'fit.py': text`
      import os
      import pickle
      from sklearn.linear_model import LogisticRegression
      from sklearn.preprocessing import StandardScaler

      out = os.environ["MODEL_DIR"]
      scaler = StandardScaler().fit([[1.0], [3.0]])
      model = LogisticRegression().fit(scaler.transform([[1.0], [3.0]]), [0, 1])
      with open(os.path.join(out, "model.pkl"), "wb") as f:
          pickle.dump(model, f)
      with open(os.path.join(out, "scaler.pkl"), "wb") as f:
          pickle.dump(scaler, f)
    `,
    'service/main.py': text`
      import os
      import pickle
      from fastapi import FastAPI

      app = FastAPI()
      folder = os.environ["MODEL_DIR"]
      with open(os.path.join(folder, "model.pkl"), "rb") as f:
          model = pickle.load(f)
      with open(os.path.join(folder, "scaler.pkl"), "rb") as f:
          scaler = pickle.load(f)

      @app.post("/predict")
      def predict(age: float):
          return {"survived": int(model.predict(scaler.transform([[age]]))[0])}
    `,
    'k8s/serve.yaml': text`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: survival-api
      spec:
        selector:
          matchLabels:
            app: survival-api
        template:
          metadata:
            labels:
              app: survival-api
          spec:
            containers:
              - name: api
                image: survival-api:latest
                env:
                  - name: MODEL_DIR
                    value: /srv/model
    `,
    'k8s/fit.yaml': text`
      apiVersion: ${trainerKind === 'Job' ? 'batch/v1' : 'apps/v1'}
      kind: ${trainerKind}
      metadata:
        name: survival-fit
      spec:
        template:
          spec:
            containers:
              - name: fit
                image: survival-fit:latest
                env:
                  - name: MODEL_DIR
                    value: /opt/job/model
                volumeMounts:
                  - name: model-out
                    mountPath: /opt/job/model
            volumes:
              - name: model-out
                hostPath:
                  path: /home/dev/survival/runs/model
    `,
  });

  it('is Model-in-image, decided by the COPY of the trained folder', () => {
    const result = release(tree('Job'));
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile.serve:7 model into image (directory): runs/model/',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('still reads the volume of a workload that keeps running (a server)', () => {
    const result = release(tree('Deployment'));
    expect(result.pattern).toBe('mixed');
    expect(result.atStart).toEqual([
      'k8s/fit.yaml:15 container fit reads its model (MODEL_DIR=/opt/job/model) from the hostPath volume model-out mounted at /opt/job/model (k8s/fit.yaml:18): the model is supplied when the pod starts, not built into the image',
    ]);
  });
});

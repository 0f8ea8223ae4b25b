import { makeInput } from '../../../engine/__testUtils__/factories';
import { detectReleasePattern } from '../../../engine/releasePattern';
import { repo, text } from '../__testUtils__/files';
import { analyzeRepositoryFiles } from '../index';

/**
 * A service that loads no model and forwards each request to a model
 * served elsewhere has no release pattern of its own.
 */

const dockerfile = text`
  FROM python:3.11-slim
  COPY . /srv
  WORKDIR /srv
  RUN pip install -r requirements.txt
  CMD ["uvicorn", "gateway:app", "--port", "8080"]
`;

function detect(files: Record<string, string>) {
  return detectReleasePattern(
    makeInput({ evidence: analyzeRepositoryFiles(repo(files)) }),
  );
}

describe('a serving process that forwards to a model served elsewhere', () => {
  it('is not-applicable for a FastAPI proxy to a SageMaker endpoint, naming the invoke_endpoint line', () => {
    const detection = detect({
      Dockerfile: dockerfile,
      'requirements.txt': 'fastapi==0.111.0\nboto3==1.34.0\n',
      'gateway.py': text`
        import os
        import boto3
        from fastapi import FastAPI

        app = FastAPI()
        runtime = boto3.client("sagemaker-runtime")

        @app.post("/score")
        def score(text: str):
            reply = runtime.invoke_endpoint(
                EndpointName=os.environ["ENDPOINT"],
                ContentType="application/json",
                Body=text,
            )
            return reply["Body"].read()
      `,
    });
    expect(detection.pattern).toBe('not-applicable');
    expect(detection.remoteModel).toEqual({
      path: 'gateway.py',
      line: 10,
      note: 'runtime.invoke_endpoint sends requests to a model served elsewhere; the serving process (uvicorn gateway:app --port 8080) loads no model, so the unit has no release pattern of its own',
    });
  });

  it('is not applicable for a process that neither loads a model nor calls one elsewhere and installs no ML library', () => {
    const detection = detect({
      Dockerfile: dockerfile,
      'requirements.txt': 'fastapi==0.111.0\n',
      'gateway.py': text`
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/health")
        def health():
            return {"ok": True}
      `,
    });
    expect(detection.pattern).toBe('not-applicable');
    expect(detection.remoteModel).toBeUndefined();
  });

  it('is not a proxy when the process also loads a model', () => {
    const detection = detect({
      Dockerfile: dockerfile.replace(
        'COPY . /srv',
        'COPY . /srv\nCOPY ranker.joblib /srv/',
      ),
      'ranker.joblib': 'weights',
      'requirements.txt': 'fastapi==0.111.0\nrequests==2.32.3\njoblib==1.4.2\n',
      'gateway.py': text`
        import joblib
        import requests
        from fastapi import FastAPI

        app = FastAPI()
        ranker = joblib.load("ranker.joblib")

        @app.post("/rank")
        def rank(items: list):
            requests.post("http://audit:9000/log", json=items)
            return ranker.predict(items).tolist()
      `,
    });
    expect(detection.pattern).toBe('model-in-image');
    expect(detection.remoteModel).toBeUndefined();
  });

  it('stays unknown, not a proxy, when serving code that no followed start command runs loads a model', () => {
    const detection = detect({
      'ui.Dockerfile': text`
        FROM python:3.11-slim
        COPY ui.py /srv/
        WORKDIR /srv
        CMD ["python", "ui.py"]
      `,
      'api.Dockerfile': text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["sh", "-c", "uvicorn $API_MODULE:app --port 9000"]
      `,
      'requirements.txt':
        'fastapi==0.111.0\ngradio==4.44.0\ntransformers==4.44.2\n',
      'ui.py': text`
        import os
        import gradio as gr
        import requests

        def ask(text):
            return requests.post(os.environ["API_URL"], json={"text": text}).json()

        gr.Interface(fn=ask, inputs="text", outputs="json").launch()
      `,
      'scoring_api.py': text`
        from fastapi import FastAPI
        from transformers import pipeline

        app = FastAPI()
        scorer = pipeline("text-classification", model="acme-ml/review-sentiment")
      `,
    });
    expect(detection.pattern).toBe('unknown');
    expect(detection.remoteModel).toBeUndefined();
  });
});

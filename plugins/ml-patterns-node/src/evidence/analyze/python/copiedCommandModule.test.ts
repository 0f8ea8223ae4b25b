import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image whose Dockerfile sits in a folder of its own and copies the
 * server's module from a source folder to its working folder: the start
 * command's module is the copied file, not a file beside the Dockerfile.
 */
const tree = {
  'compose.yaml': text`
    services:
      api:
        build:
          context: .
          dockerfile: images/api.Dockerfile
      ui:
        build:
          context: .
          dockerfile: images/ui.Dockerfile
        environment:
          - API_URL=http://api:9000
  `,
  'images/api.Dockerfile': text`
    FROM python:3.12-slim
    WORKDIR /srv
    COPY requirements.txt /srv/
    RUN pip install -r requirements.txt
    COPY code/server.py code/classifier.py /srv/
    CMD ["uvicorn", "server:app", "--host", "0.0.0.0", "--port", "9000"]
  `,
  'images/ui.Dockerfile': text`
    FROM python:3.12-slim
    WORKDIR /srv
    COPY requirements.txt /srv/
    RUN pip install -r requirements.txt
    COPY code/ui.py /srv/
    CMD ["python", "ui.py"]
  `,
  'requirements.txt':
    'fastapi==0.115.0\ntransformers==4.44.2\ngradio==4.44.0\n',
  'code/classifier.py': text`
    from transformers import AutoModelForSequenceClassification

    class Classifier:
        def __init__(self, checkpoint):
            self.model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
  `,
  'code/server.py': text`
    from fastapi import FastAPI
    from classifier import Classifier

    app = FastAPI()
    classifier = Classifier("acme-ml/review-sentiment")
  `,
  'code/ui.py': text`
    import os
    import gradio as gr
    import requests

    def ask(review):
        return requests.post(os.environ["API_URL"] + "/predict", json={"text": review}).json()

    gr.Interface(fn=ask, inputs="text", outputs="json").launch()
  `,
};

describe('a start command naming a module the image copies from another folder', () => {
  it('is Model-load: the copied server loads its model from the hub at start, and the unit is no proxy of its UI', () => {
    const result = releaseOf(tree);
    expect(result.evidence.servingProcesses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'images/api.Dockerfile',
          line: 6,
          module: 'code/server.py',
        }),
      ]),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'code/server.py:5 transformers.AutoModelForSequenceClassification.from_pretrained downloads acme-ml/review-sentiment',
    ]);
  });

  it('does not take a module of the same name that the image does not copy', () => {
    const result = releaseOf({
      ...tree,
      'images/api.Dockerfile': text`
        FROM python:3.12-slim
        WORKDIR /srv
        COPY code/classifier.py /srv/
        CMD ["uvicorn", "server:app"]
      `,
    });
    expect(
      result.evidence.servingProcesses?.map(p => p.module) ?? [],
    ).not.toContain('code/server.py');
  });
});

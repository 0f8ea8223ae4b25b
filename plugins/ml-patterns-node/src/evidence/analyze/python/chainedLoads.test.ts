import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * An encoder whose output is only the input of a head fitted on it is one
 * model with that head; models whose outputs are decoded or cut into the
 * next one's input, or that are also run on their own, stay distinct.
 */

const DOCKERFILE = text`
  FROM python:3.11-slim
  COPY . /srv
  WORKDIR /srv
  CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]
`;

const API = text`
  import os
  from fastapi import FastAPI
  from scorer import Scorer

  app = FastAPI()
  scorer = Scorer(os.environ["ENCODER_PATH"], os.environ["HEAD_PATH"])

  @app.post("/score")
  def score(text: str):
      return {"label": scorer.label(text)}
`;

describe('an encoder feeding one head', () => {
  it('counts ONNX sessions of an encoder and the head run on its output as one model', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: DOCKERFILE,
      'api.py': API,
      'scorer.py': text`
        import numpy as np
        import onnxruntime as ort

        class Scorer:
            def __init__(self, encoder_path, head_path):
                self.encoder = ort.InferenceSession(encoder_path)
                self.head = ort.InferenceSession(head_path)

            def ready(self):
                return all([self.encoder, self.head])

            def label(self, ids):
                vectors = self.encoder.run(None, {"input_ids": np.array([ids])})[0]
                feed = {self.head.get_inputs()[0].name: vectors.astype(np.float32)}
                return int(self.head.run(None, feed)[0][0])
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api.py:6']);
    expect(notes[0]).toContain(
      'whose output only feeds self.head at scorer.py:15',
    );
  });

  it('keeps two models distinct when the first one is also run on its own', () => {
    const { verdict, at } = allInOne({
      Dockerfile: DOCKERFILE,
      'api.py': API,
      'scorer.py': text`
        import numpy as np
        import onnxruntime as ort

        class Scorer:
            def __init__(self, encoder_path, head_path):
                self.encoder = ort.InferenceSession(encoder_path)
                self.head = ort.InferenceSession(head_path)

            def embed(self, ids):
                return self.encoder.run(None, {"input_ids": np.array([ids])})[0]

            def label(self, ids):
                vectors = self.encoder.run(None, {"input_ids": np.array([ids])})[0]
                return int(self.head.run(None, {"x": vectors})[0][0])
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'api.py:6', 'api.py:6']);
  });

  it('keeps two models distinct when the first one only cuts the input of the second', () => {
    const { verdict } = allInOne({
      Dockerfile: DOCKERFILE,
      'api.py': API,
      'scorer.py': text`
        import onnxruntime as ort

        class Scorer:
            def __init__(self, detector_path, classifier_path):
                self.detector = ort.InferenceSession(detector_path)
                self.classifier = ort.InferenceSession(classifier_path)

            def label(self, image):
                boxes = self.detector.run(None, {"images": image})[0]
                crop = image[:, boxes[0][1]:boxes[0][3]]
                return self.classifier.run(None, {"images": crop})[0]
      `,
    });
    expect(verdict).toBe('fail');
  });

  it('keeps two models distinct when the output is turned into text for the second', () => {
    const { verdict } = allInOne({
      Dockerfile: DOCKERFILE,
      'api.py': API,
      'scorer.py': text`
        import whisper
        from transformers import pipeline

        class Scorer:
            def __init__(self, asr_name, llm_name):
                self.asr = whisper.load_model(asr_name)
                self.llm = pipeline("text-generation", model=llm_name)

            def label(self, audio):
                heard = self.asr.transcribe(audio)["text"]
                return self.llm(f"Summarise: {heard}")
      `,
    });
    expect(verdict).toBe('fail');
  });
});

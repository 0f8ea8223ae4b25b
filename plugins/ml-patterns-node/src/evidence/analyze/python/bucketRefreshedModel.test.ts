import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An image that holds a model file, served by code that downloads the
 * newest model from an object store over that same file before it builds
 * the model (lazily, from a request handler): the model is both baked in
 * and fetched at run time (mixed). A download that runs only when the
 * file is missing is a fallback the image never runs.
 */

const dockerfile = text`
  FROM python:3.11-slim
  WORKDIR /svc
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  COPY lib lib/
  COPY classifier.keras .
  COPY app.py .
  ENTRYPOINT ["python", "app.py"]
`;

const classifier = text`
  from tensorflow.keras.models import load_model

  class Classifier:
      def __init__(self):
          self.net = load_model("classifier.keras")

      def classify(self, pixels):
          return self.net.predict(pixels)
`;

const store = text`
  import os
  from minio import Minio

  class Store:
      def __init__(self):
          self.client = Minio(os.environ["STORE_HOST"], secure=False)

      def fetch(self, bucket, key, path):
          self.client.fget_object(bucket, key, path)

      def newest(self, bucket):
          objects = list(self.client.list_objects(bucket))
          return max(objects, key=lambda o: o.last_modified).object_name
`;

const app = (refresh: string) => text`
  import os
  from flask import Flask, request, jsonify
  from lib.classifier import Classifier
  from lib.store import Store

  app = Flask(__name__)
  store = Store()
  bucket = os.environ["MODEL_BUCKET"]
  current = None
  classifier = None

  ${refresh}

  @app.route("/classify", methods=["POST"])
  def classify():
      refresh()
      return jsonify(classifier.classify(request.json["pixels"]))

  if __name__ == "__main__":
      app.run(host="0.0.0.0", port=8000)
`;

const files = (refresh: string) => ({
  Dockerfile: dockerfile,
  'requirements.txt': 'flask==3.0.2\nminio==7.2.7\ntensorflow==2.16.1\n',
  'lib/__init__.py': '',
  'lib/classifier.py': classifier,
  'lib/store.py': store,
  'app.py': app(refresh),
});

describe('a baked model the server replaces from an object store', () => {
  it('is mixed: the fetch over the baked file runs on the first request', () => {
    const result = release(
      files(
        text`
          def refresh():
              global current, classifier
              newest = store.newest(bucket)
              if newest != current:
                  current = newest
                  store.fetch(bucket, newest, "classifier.keras")
                  classifier = Classifier()
        `.replace(/\n/g, '\n  '),
      ),
    );
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([
      'Dockerfile:6 model into image (file): classifier.keras',
    ]);
    expect(result.atStart).toEqual([
      'lib/classifier.py:5 tensorflow.keras.models.load_model loads classifier.keras, which store.fetch at app.py:17 fetches over the network on the first request it serves (from the request handler at app.py:22), not when the server starts',
    ]);
  });

  it.each([
    [
      'only when the file is missing',
      text`
        def refresh():
            global classifier
            if not os.path.exists("classifier.keras"):
                store.fetch(bucket, store.newest(bucket), "classifier.keras")
            classifier = Classifier()
      `,
    ],
    [
      'only when reading the file fails',
      text`
        def refresh():
            global classifier
            try:
                classifier = Classifier()
            except OSError:
                store.fetch(bucket, store.newest(bucket), "classifier.keras")
                classifier = Classifier()
      `,
    ],
  ])('keeps the model in the image when the fetch runs %s', (_, refresh) => {
    const result = release(files(refresh.replace(/\n/g, '\n  ')));
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:6 model into image (file): classifier.keras',
    ]);
    expect(result.atStart).toEqual([]);
  });
});

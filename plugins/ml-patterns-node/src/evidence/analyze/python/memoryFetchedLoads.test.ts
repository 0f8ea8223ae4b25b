import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * Servers that read their model from object storage or over HTTP into
 * memory when they start, and servers that fetch it from a remote file
 * system into a file they then load.
 */

describe('a model read from a network body when the server starts', () => {
  it('is Model-load for a KServe predictor loading an object-store body, whatever model file the whole-context COPY brings', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        WORKDIR /app
        COPY . /app
        RUN pip install kserve minio joblib
        ENTRYPOINT ["python", "predictor.py"]
      `,
      'template.joblib': Buffer.from([0x80, 0x04]),
      'predictor.py': text`
        import io
        import os
        import joblib
        from kserve import Model, ModelServer
        from minio import Minio

        BUCKET = os.environ["BUCKET"]
        KEY = os.environ.get("MODEL_KEY", "models/clf.joblib")

        class Predictor(Model):
            def load(self):
                client = Minio(os.environ["S3_URL"])
                with io.BytesIO(client.get_object(BUCKET, KEY).data) as f:
                    self.model = joblib.load(f)
                self.ready = True

        if __name__ == "__main__":
            model = Predictor("clf")
            model.load()
            ModelServer().start([model])
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'predictor.py:14 joblib.load loads a remote model, which client.get_object (read into memory) at predictor.py:13 fetches over the network when the server starts',
    ]);
  });

  it('keeps a whole-context COPY of a model file as in the image when a load reads a local file', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        WORKDIR /app
        COPY . /app
        RUN pip install flask joblib
        CMD ["python", "app.py"]
      `,
      'clf.joblib': Buffer.from([0x80, 0x04]),
      'app.py': text`
        import joblib
        from flask import Flask

        app = Flask(__name__)
        model = joblib.load("clf.joblib")

        if __name__ == "__main__":
            app.run()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
  });

  it('is Model-load for a GCS file written with open(path, "wb") from gcsfs and loaded from that path at start', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY pyproject.toml .
        COPY src/ src/
        RUN pip install .
        CMD ["uvicorn", "src.serve:app"]
      `,
      'pyproject.toml': '[project]\nname = "serve"\n',
      'src/__init__.py': '',
      'src/serve.py': text`
        import os
        import gcsfs
        import torch
        from fastapi import FastAPI

        LOCAL = "models/net.pt"

        def resolve():
            remote = os.getenv("MODEL_GCS")
            if remote:
                fs = gcsfs.GCSFileSystem()
                with fs.open(remote, "rb") as f:
                    with open(LOCAL, "wb") as out:
                        out.write(f.read())
            return LOCAL

        app = FastAPI()
        model = torch.load(resolve())
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'src/serve.py:18 torch.load loads models/net.pt, which gcsfs.GCSFileSystem written with open(…, "wb") at src/serve.py:13 fetches over the network when the server starts',
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server that fetches its model file over the network when it starts,
 * from a URL its environment names, then loads that file.
 */

describe('a model file fetched by the server before it loads it', () => {
  it('is Model-load for urlretrieve at import into the file joblib then loads, naming the load and the fetch', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY service/ service/
        ENV WEIGHTS_URL=""
        CMD ["flask", "--app", "service.api", "run"]
      `,
      'requirements.txt': 'flask==3.0.3\njoblib==1.4.2\n',
      'service/__init__.py': '',
      'service/api.py': text`
        import os
        from pathlib import Path
        from urllib.request import urlretrieve
        import joblib
        from flask import Flask

        WEIGHTS = Path("ranker.joblib")
        app = Flask(__name__)

        def fetch():
            if not WEIGHTS.exists():
                urlretrieve(os.environ["WEIGHTS_URL"], WEIGHTS.name)
            return joblib.load(WEIGHTS.name)

        ranker = fetch()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'service/api.py:13 joblib.load loads ranker.joblib, which urllib.request.urlretrieve at service/api.py:12 fetches over the network when the server starts',
    ]);
  });

  it('is Model-load for requests.get written with open(path, "wb") and loaded from that path at start', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY serve.py .
        CMD ["python", "serve.py"]
      `,
      'serve.py': text`
        import os
        import pickle
        import requests
        from flask import Flask

        STORE = os.getenv("ARTIFACT_DIR", "/tmp/artifacts")
        RELEASE = os.getenv("RELEASE", "1.2.0")
        app = Flask(__name__)

        def prepare():
            target = os.path.join(STORE, RELEASE, "scorer.pkl")
            reply = requests.get(f"https://models.example.com/{RELEASE}/scorer.pkl")
            with open(target, "wb") as out:
                out.write(reply.content)
            with open(target, "rb") as src:
                return pickle.load(src)

        if __name__ == "__main__":
            scorer = prepare()
            app.run()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'serve.py:16 pickle.load loads ARTIFACT_DIR, which requests.get written with open(…, "wb") at serve.py:13 fetches over the network when the server starts',
    ]);
  });

  it('is Model-in-image when the image copies the file the fallback fetch would write', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY ranker.joblib serve.py ./
        CMD ["python", "serve.py"]
      `,
      'ranker.joblib': 'weights',
      'serve.py': text`
        import os
        from urllib.request import urlretrieve
        import joblib
        from flask import Flask

        if not os.path.exists("ranker.joblib"):
            urlretrieve(os.environ["WEIGHTS_URL"], "ranker.joblib")
        ranker = joblib.load("ranker.joblib")
        app = Flask(__name__)
        app.run()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });

  it('is Model-load for a fetch through a helper of another module, called by a module naming no fetch before it builds the loading class', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY app/ app/
        CMD ["python", "-m", "app.main"]
      `,
      'requirements.txt': 'flask==3.0.3\njoblib==1.4.2\nboto3==1.34.0\n',
      'app/__init__.py': '',
      'app/storage.py': text`
        import boto3

        S3 = boto3.client("s3")

        def pull(key, path):
            S3.download_file("models", key, path)
      `,
      'app/scorer.py': text`
        import joblib

        class Scorer:
            def __init__(self):
                self.model = joblib.load("scorer.joblib")
      `,
      'app/main.py': text`
        from flask import Flask
        from app.storage import pull
        from app.scorer import Scorer

        app = Flask(__name__)

        def main():
            pull("v3/scorer.joblib", "scorer.joblib")
            app.config["scorer"] = Scorer()
            app.run()

        if __name__ == "__main__":
            main()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart[0]).toBe(
      'app/scorer.py:5 joblib.load loads scorer.joblib, which pull at app/main.py:8 fetches over the network when the server starts',
    );
  });
});

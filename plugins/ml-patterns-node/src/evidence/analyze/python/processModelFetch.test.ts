import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A serving process whose own code fetches its model over the network
 * before it loads or serves it, in ways no load call names: a download tool
 * run through subprocess, an MLflow artifact download before a server is
 * started, a project helper writing an HTTP body or an object-store object
 * into a model folder.
 */

const image = (command: string) => text`
  FROM python:3.11-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  COPY service/ service/
  CMD ${command}
`;

describe('a model fetched by the serving process’s own code', () => {
  it('is Model-load for a download tool run by subprocess in a startup handler', () => {
    const result = releaseOf({
      Dockerfile: image('["uvicorn", "service.api:app", "--port", "8080"]'),
      'requirements.txt': 'fastapi==0.115.0\n',
      'service/__init__.py': '',
      'service/api.py': text`
        import os
        import subprocess
        from fastapi import FastAPI

        app = FastAPI()

        @app.on_event("startup")
        def fetch_weights():
            source = os.environ["BLOB_SAS"]
            subprocess.run(f"azcopy copy '{source}' '/var/model_store/' --recursive", shell=True, check=True)
            import service.generated_scorer
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'service/api.py:10 azcopy copy of a model run by subprocess.run in the code the serving process (uvicorn service.api:app --port 8080) runs: it fetches the model when the server starts',
    ]);
    expect(result.evidence.servingProcesses?.[0].forwardsTo).toBeUndefined();
  });

  it('is Model-load for an MLflow artifact download from an env URI before the script starts a model server', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY launch.py .
      `,
      'compose.yaml': text`
        services:
          scorer:
            build: .
            command: python launch.py
            environment:
              MODEL_URI: \${MODEL_URI}
      `,
      'launch.py': text`
        import os
        import subprocess
        from mlflow.artifacts import download_artifacts

        def fetch():
            return download_artifacts(artifact_uri=os.environ["MODEL_URI"], dst_path="/srv")

        if __name__ == "__main__":
            path = fetch()
            subprocess.run(f"mlflow models serve -m {path} -p 8080", shell=True)
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'launch.py:6 mlflow.artifacts.download_artifacts downloads a model file in the code the serving process (python launch.py) runs: it fetches the model when the server starts',
    ]);
  });

  it('is Model-load for a helper named for models that writes an HTTP body into the model folder, called at lifespan start', () => {
    const result = releaseOf({
      Dockerfile: image('["uvicorn", "service.api:app"]'),
      'requirements.txt': 'fastapi==0.115.0\nrequests==2.32.3\n',
      'service/__init__.py': '',
      'service/weights.py': text`
        from pathlib import Path
        import requests

        def ensure_model(url: str, folder: Path) -> Path:
            target = folder / url.rsplit("/", 1)[-1]
            if not target.exists():
                body = requests.get(url, stream=True)
                with target.open("wb") as out:
                    for chunk in body.iter_content(8192):
                        out.write(chunk)
            return target
      `,
      'service/api.py': text`
        import os
        from contextlib import asynccontextmanager
        from pathlib import Path
        from fastapi import FastAPI
        from service.weights import ensure_model

        @asynccontextmanager
        async def lifespan(app):
            app.state.path = ensure_model(os.environ["DETECTOR_URL"], Path("/srv/cache"))
            yield

        app = FastAPI(lifespan=lifespan)
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'service/weights.py:7 requests.get written to a file in the code the serving process (uvicorn service.api:app) runs: it fetches the model when the server starts',
    ]);
  });

  it('is Model-load for an object-store helper called, through another, for a model prefix at import', () => {
    const result = releaseOf({
      Dockerfile: image('["python", "service/main.py"]'),
      'requirements.txt': 'flask==3.0.3\nboto3==1.35.0\n',
      'service/__init__.py': '',
      'service/storage.py': text`
        import boto3

        class Bucket:
            def __init__(self, name):
                self.name = name
                self.client = boto3.client("s3")

            def get_one(self, key, local):
                self.client.download_file(self.name, key, local)

            def get_prefix(self, prefix, folder):
                for key in self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)["Contents"]:
                    self.get_one(key["Key"], folder + "/" + key["Key"])
      `,
      'service/main.py': text`
        from flask import Flask
        from storage import Bucket

        bucket = Bucket("assets")
        bucket.get_prefix("detector_model/", "/srv/cache")
        app = Flask(__name__)

        if __name__ == "__main__":
            app.run()
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'service/storage.py:9 self.client.download_file downloads a model file (called for a model at service/main.py:5) in the code the serving process (python service/main.py) runs: it fetches the model when the server starts',
    ]);
  });

  it('says nothing of a request handler downloading its input, nor of a download that does not say model', () => {
    const result = releaseOf({
      Dockerfile: image('["uvicorn", "service.api:app"]'),
      'requirements.txt': 'fastapi==0.115.0\nrequests==2.32.3\n',
      'service/__init__.py': '',
      'service/api.py': text`
        import requests
        from urllib.request import urlretrieve
        from fastapi import FastAPI

        app = FastAPI()
        urlretrieve("https://example.org/holidays.csv", "/tmp/holidays.csv")

        @app.post("/describe")
        def describe(url: str):
            body = requests.get(url)
            with open("/tmp/input.bin", "wb") as out:
                out.write(body.content)
            return {"size": len(body.content)}
      `,
    });
    expect(result.evidence.servingProcesses?.[0].fetchesModel).toBeUndefined();
    expect(result.pattern).not.toBe('model-load');
  });
});

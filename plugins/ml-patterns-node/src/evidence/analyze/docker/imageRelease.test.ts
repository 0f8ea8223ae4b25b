import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * When the model reaches an image: fetched during `docker build` (in the
 * image) or when the container starts (Model-load), read from the
 * Dockerfile, its start command and the scripts they run.
 */

describe('build-time fetches are Model-in-image', () => {
  it('follows RUN python download_model.py into the script, and the app loading that model reads the image', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY . /srv
        RUN pip install -r requirements.txt
        RUN python tools/prefetch.py
        CMD ["uvicorn", "api:app"]
      `,
      'requirements.txt': 'sentence-transformers==3.0.1\nfastapi==0.111.0\n',
      'tools/prefetch.py': text`
        from sentence_transformers import SentenceTransformer

        def main():
            name = "acme/encoder-small"
            SentenceTransformer(name, cache_folder="./hub")

        main()
      `,
      'api.py': text`
        from fastapi import FastAPI
        from sentence_transformers import SentenceTransformer
        app = FastAPI()
        encoder = SentenceTransformer("acme/encoder-small", cache_folder="./hub")
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (download-in-build): runs tools/prefetch.py, which fetches a model (tools/prefetch.py:5: SentenceTransformer)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('follows RUN python warm_cache.py through the modules it imports: the hub cache it fills is in the image', () => {
    const result = release({
      'Dockerfile.api': text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY . /srv
        RUN python warm_cache.py
        CMD ["python", "server.py"]
      `,
      'nlp/models.py': text`
        import os
        from transformers import pipeline

        def build():
            return pipeline("sentiment-analysis", model=os.environ.get("SENTIMENT_MODEL", "acme/sentiment-small"))
      `,
      'warm_cache.py': text`
        from nlp.models import build

        if __name__ == "__main__":
            build()
      `,
      'server.py': text`
        from flask import Flask
        from nlp.models import build

        app = Flask(__name__)
        classifier = build()

        if __name__ == "__main__":
            app.run()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile.api:4 model into image (download-in-build): runs warm_cache.py, which fetches from the transformers hub (nlp/models.py:5: transformers.pipeline)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('takes a build script fetching checkpoints with a library for the cache the server reads with that library', () => {
    const result = release({
      DockerfileWorker: text`
        FROM python:3.11-slim
        COPY builder/fetch.py /fetch.py
        RUN python /fetch.py && rm /fetch.py
        COPY src /app
        CMD ["python", "-u", "/app/handler.py"]
      `,
      'builder/fetch.py': text`
        from faster_whisper.utils import download_model

        for size in ["small", "medium"]:
            download_model(size, cache_dir=None)
      `,
      'src/handler.py': text`
        from fastapi import FastAPI
        from faster_whisper import WhisperModel

        app = FastAPI()

        @app.post("/transcribe")
        def transcribe(size: str, audio: str):
            return list(WhisperModel(size).transcribe(audio)[0])
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'DockerfileWorker:3 model into image (download-in-build): runs builder/fetch.py, which fetches from the faster_whisper hub (builder/fetch.py:4: faster_whisper.utils.download_model)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('reads quoted COPY sources as the builder does', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /code
        COPY "predict.py" "model.bin" ./
        CMD ["uvicorn", "predict:app"]
      `,
      'model.bin': 'x',
      'predict.py': text`
        import pickle
        from fastapi import FastAPI

        app = FastAPI()
        with open("model.bin", "rb") as f:
            model = pickle.load(f)
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage[0]).toMatch(/^Dockerfile:3 /);
  });

  it('does not take a companion copied alone (a pickled config) for the model the server fetches at start', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /app
        COPY *.py requirements.txt *.pickle /app
        CMD ["python", "server.py"]
      `,
      'clip_config.pickle': 'x',
      'server.py': text`
        import os
        import gradio as gr
        from transformers import AutoModel

        model = AutoModel.from_pretrained(os.environ["MODEL_ID"])
        gr.Interface(fn=lambda x: x, inputs="text", outputs="text").launch()
      `,
    });
    expect(result.evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart[0]).toMatch(/^server.py:5 /);
  });

  it('reads gdown in RUN as a build-time fetch, and a tokenizer fetched at start does not make it mixed', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY api /srv/api
        RUN pip install gdown==5.2.0 && gdown https://drive.google.com/drive/folders/abc -O models --folder
        CMD ["uvicorn", "api.main:app"]
      `,
      'api/main.py': text`
        import onnxruntime
        from fastapi import FastAPI
        from transformers import AutoTokenizer

        app = FastAPI()
        tokenizer = AutoTokenizer.from_pretrained("acme/bert-mini")
        session = onnxruntime.InferenceSession("models/model.onnx")
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (download-in-build): gdown of a model',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('does not take a build script for a download when its code fetches nothing', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        RUN python /app/compile_assets.py
        CMD ["python", "/app/serve.py"]
      `,
      'compile_assets.py':
        'import json\njson.dump({"weights": []}, open("a.json", "w"))\n',
      'serve.py': 'print("serving")\n',
    });
    expect(result.evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });

  it('takes a download script the base image brings, told to fetch a model into the image, for a build-time fetch', () => {
    const result = release({
      Dockerfile: text`
        FROM acme/text-server:1.4
        WORKDIR /app
        RUN python utils/download.py acme/chat-small /model
        ENV MODEL=/model
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (download-in-build): download script given a model to fetch',
    ]);
  });

  it('does not take a download script for a model fetch when nothing it is given names a model', () => {
    const result = release({
      Dockerfile: text`
        FROM acme/text-server:1.4
        WORKDIR /app
        RUN python utils/download.py --dataset reviews /data
      `,
    });
    expect(result.evidence.dockerfiles[0].modelsIntoImage).toEqual([]);
  });

  it('follows RUN bash into a script whose loop downloads from the hub, and an offline hub keeps the start from fetching', () => {
    const result = release({
      Dockerfile: text`
        FROM vllm/vllm-openai:v0.6.3
        ARG MODEL_NAME
        ENV MODEL_NAME=$MODEL_NAME
        COPY fetch.sh /opt/fetch.sh
        RUN --mount=type=secret,id=token \
            HF_TOKEN=$(cat /run/secrets/token) bash /opt/fetch.sh
        ENV HF_HUB_OFFLINE=1
        ENTRYPOINT python3 -m vllm.entrypoints.openai.api_server --model $MODEL_NAME
      `,
      'fetch.sh': text`
        #!/bin/bash
        for pattern in "*.json" "*.safetensors"; do
          huggingface-cli download $MODEL_NAME \
            --include $pattern
        done
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (download-in-build): huggingface-cli download (fetch.sh:3)',
    ]);
    expect(result.evidence.dockerfiles[0].hubOffline).toEqual({
      path: 'Dockerfile',
      line: 7,
    });
  });

  it('reads downloads in RUN: aws s3 sync, hf download and a python -c from_pretrained', () => {
    const { evidence } = release({
      Dockerfile: text`
        FROM python:3.11-slim
        RUN pip install awscli==1.33.0 && \
            aws s3 sync s3://acme-artifacts/ranker/v3 /opt/models/ranker
        RUN hf download acme/reranker --local-dir /opt/models/reranker
        RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('acme/bert-tiny')"
        RUN aws s3 cp s3://acme-artifacts/readme.txt /opt/readme.txt
        CMD ["python", "-m", "serve"]
      `,
    });
    expect(
      evidence.dockerfiles[0].modelsIntoImage.map(m => [m.line, m.source]),
    ).toEqual([
      [2, 'aws s3 cp of a model'],
      [4, 'huggingface-cli download'],
      [5, 'from_pretrained'],
    ]);
    expect(evidence.dockerfiles[0].builtInModels).toEqual([
      { path: 'Dockerfile', line: 4, model: 'acme/reranker' },
      { path: 'Dockerfile', line: 5, model: 'acme/bert-tiny' },
    ]);
  });

  it('sees torch-model-archiver over a copied model: the archive is in the image', () => {
    const result = release({
      Dockerfile: text`
        FROM pytorch/torchserve:0.11.0-cpu
        ARG ARTIFACTS
        COPY \${ARTIFACTS}/scripted.pt labels.json /home/model-server/
        RUN torch-model-archiver --model-name classifier --version 1.0 \
          --serialized-file /home/model-server/scripted.pt \
          --handler image_classifier \
          --export-path /home/model-server/model-store
        CMD ["torchserve", "--start", "--ncs", "--model-store", "/home/model-server/model-store", "--models", "classifier=classifier.mar"]
      `,
      'labels.json': '{}\n',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (download-in-build): torch-model-archiver packs /home/model-server/scripted.pt into /home/model-server/model-store/classifier.mar',
    ]);
  });

  it('sees a builder stage that fetches a model and the final stage copying its output', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11 AS fetch
        RUN pip install transformers==4.44.0
        RUN python -c "from transformers import pipeline; pipeline('sentiment-analysis', model='acme/sst2').save_pretrained('/export')"
        FROM python:3.11-slim
        COPY --from=fetch /export /models/sst2
        COPY app.py /app/app.py
        CMD ["python", "/app/app.py"]
      `,
      'app.py': 'print("serve")\n',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (stage): fetch:/export',
    ]);
  });
});

describe('start-time fetches are Model-load', () => {
  it('reads a compose file under a name of its own: vLLM started with a hub id downloads it at start', () => {
    const result = release({
      'serving/llm.yml': text`
        services:
          llm:
            image: vllm/vllm-openai:v0.6.3
            command:
              - --model
              - acme/chat-7b
            volumes:
              - ~/.cache/huggingface:/root/.cache/huggingface
      `,
    });
    expect(result.evidence.workloads.map(w => [w.kind, w.name])).toEqual([
      ['compose-service', 'llm'],
    ]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart[0]).toMatch(/^serving\/llm\.yml:\d+ /);
  });

  it('reads a load from /opt/ml/model as SageMaker putting the model there at start', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY src /opt/program
        WORKDIR /opt/program
        CMD ["gunicorn", "predictor:app"]
      `,
      'src/predictor.py': text`
        import os
        import pickle
        import flask

        prefix = "/opt/ml/"
        model_path = os.path.join(prefix, "model")
        app = flask.Flask(__name__)
        with open(os.path.join(model_path, "model.pkl"), "rb") as f:
            model = pickle.load(f)
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^src\/predictor.py:9 pickle.load loads \/opt\/ml\/model\/model.pkl, where SageMaker puts the model when the server starts$/,
      ),
    ]);
  });

  it('reads an entrypoint script that downloads the model and then execs the server', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY docker/start.sh /usr/local/bin/start.sh
        COPY app /app
        ENTRYPOINT ["/usr/local/bin/start.sh"]
        CMD ["gunicorn", "app.main:app"]
      `,
      'docker/start.sh': text`
        #!/bin/sh
        set -eu
        mkdir -p /models
        gsutil cp "gs://acme-models/\${MODEL_VERSION}/model.joblib" /models/
        exec "$@"
      `,
      'app/main.py': 'print("app")\n',
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'docker/start.sh:4 start-up step downloads the model: gsutil cp of a model: gsutil cp gs://acme-models/${MODEL_VERSION}/model.joblib /models/',
    ]);
  });

  it('reads a python -c warm-up in a start script before the server starts', () => {
    const result = release({
      Dockerfile: text`
        FROM python:3.10-slim
        COPY run.sh /run.sh
        COPY src /app
        CMD ["/run.sh"]
      `,
      'run.sh': text`
        #!/bin/bash
        python -c "import os; from translator import Translator; Translator(os.getenv('TRANSLATION_MODEL', 'small'))"
        exec gunicorn -k uvicorn.workers.UvicornWorker main:app
      `,
      'src/main.py': 'print("app")\n',
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart[0]).toMatch(
      /^run\.sh:2 start-up step downloads the model: python -c building the model named by an environment variable/,
    );
  });

  it('reads a server started with a hub id: vLLM with a default in the variable, TGI with MODEL_ID', () => {
    const vllm = release({
      Dockerfile: text`
        FROM vllm/vllm-openai:v0.6.3
        ENTRYPOINT python3 -m vllm.entrypoints.openai.api_server \
            --model \${MODEL:-acme/chat-7b} \
            \${REVISION:+--revision "$REVISION"}
      `,
    });
    expect(vllm.pattern).toBe('model-load');
    expect(vllm.atStart).toEqual([
      'Dockerfile:2 start-up step downloads the model: vllm downloads acme/chat-7b from the Hugging Face hub when it starts (--model ${MODEL:-acme/chat-7b})',
    ]);
    const tgi = release({
      Dockerfile: text`
        FROM ghcr.io/huggingface/text-generation-inference:2.4.0
        ENV MODEL_ID=acme/chat-7b
      `,
    });
    expect(tgi.pattern).toBe('model-load');
    expect(tgi.atStart).toEqual([
      'Dockerfile:2 start-up step downloads the model: text-generation-inference downloads acme/chat-7b (MODEL_ID) from the Hugging Face hub when it starts',
    ]);
    const local = release({
      Dockerfile: text`
        FROM vllm/vllm-openai:v0.6.3
        CMD ["--model", "/mnt/models/chat"]
      `,
    });
    // A local path is no download at start; the model is supplied at start.
    expect(local.atStart).toEqual([
      "Dockerfile:1 the image is vllm's and its build puts no model in /root/.cache/huggingface: the models are supplied when the container starts (a volume or the platform; weaker evidence than a download seen at start)",
    ]);
  });

  it('is mixed when one image of the unit bakes the model and another fetches it at start', () => {
    const result = release({
      Dockerfile: text`
        FROM vllm/vllm-openai:v0.6.3
        CMD ["--model", "acme/chat-7b"]
      `,
      'Dockerfile.baked': text`
        FROM vllm/vllm-openai:v0.6.3
        RUN huggingface-cli download acme/chat-7b
        CMD ["--model", "acme/chat-7b"]
      `,
    });
    expect(result.pattern).toBe('mixed');
    expect(result.inImage).toEqual([
      'Dockerfile.baked:2 model into image (download-in-build): huggingface-cli download',
    ]);
    expect(result.atStart).toEqual([
      'Dockerfile:2 start-up step downloads the model: vllm downloads acme/chat-7b from the Hugging Face hub when it starts (--model acme/chat-7b)',
    ]);
  });
});

describe('a build context holding the model path the server reads', () => {
  const files = {
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      COPY . .
      RUN pip install -r requirements.txt
      CMD ["python", "serve.py"]
    `,
    'requirements.txt': 'scikit-learn==1.5.0\nflask==3.0.3\n',
    'serve.py': text`
      import joblib
      from flask import Flask
      app = Flask(__name__)
      model = joblib.load("artifacts/model.joblib")
    `,
  };

  it('is Model-in-image on weaker evidence when the model is not in git', () => {
    const result = release(files);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (directory): . → /app: the build context, where serve.py:4 loads artifacts/model.joblib (weaker evidence: artifacts/model.joblib is not in the repository, so the model is in the image only if it is put in the build context before the build)',
    ]);
  });

  it('does not take the load of a script that does not serve for what the server reads', () => {
    const result = release({
      ...files,
      'serve.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'evaluate.py':
        'import joblib\nmodel = joblib.load("artifacts/model.joblib")\n',
    });
    expect(result.inImage).toEqual([]);
  });

  it('is Model-load on weaker evidence when a model server image gets no model from its build', () => {
    const result = release({
      Dockerfile: text`
        FROM nvcr.io/nvidia/tritonserver:24.03-py3
        CMD ["tritonserver", "--model-repository=/models"]
      `,
      Makefile:
        'serve:\n\tdocker run -v "$(PWD)/model_repository:/models" triton\n',
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      "Dockerfile:1 the image is triton's and its build puts no model in /models: the models are supplied when the container starts (a volume or the platform; weaker evidence than a download seen at start)",
    ]);
  });

  it('keeps a model server image that copies its models in Model-in-image', () => {
    const result = release({
      Dockerfile: text`
        FROM tensorflow/serving:2.15.0
        COPY models/ranker /models/ranker
        ENV MODEL_NAME=ranker
      `,
      'models/ranker/1/saved_model.pb': 'pb',
    });
    expect(result.pattern).toBe('model-in-image');
    expect(
      result.evidence.dockerfiles[0].modelsSuppliedAtStart,
    ).toBeUndefined();
  });

  it('is not in the image when a volume is mounted there or .dockerignore leaves it out', () => {
    const mounted = release({
      ...files,
      Dockerfile: `${files.Dockerfile}\nVOLUME /app/artifacts\n`,
    });
    expect(mounted.inImage).toEqual([]);
    const ignored = release({ ...files, '.dockerignore': 'artifacts/\n' });
    expect(ignored.inImage).toEqual([]);
  });
});

describe('images built FROM a model server', () => {
  it('takes a COPY into the server model folder for the model, whether git holds it or not', () => {
    const tfServing = release({
      'serving/Dockerfile': text`
        FROM tensorflow/serving:2.15.0
        COPY exported/ranker /models/ranker
        COPY serving/models.config /models/models.config
        CMD ["--model_config_file=/models/models.config"]
      `,
    });
    expect(tfServing.pattern).toBe('model-in-image');
    expect(tfServing.inImage).toEqual([
      'serving/Dockerfile:2 model into image (directory): exported/ranker → /models/ranker, the model folder tensorflow-serving reads (/models)',
    ]);
    const triton = release({
      Dockerfile: text`
        FROM nvcr.io/nvidia/tritonserver:24.05-py3
        WORKDIR /srv/repository
        COPY model_repository ./
        CMD ["tritonserver", "--model-repository=/srv/repository"]
      `,
      'model_repository/classifier/config.pbtxt': 'name: "classifier"\n',
      'model_repository/classifier/1/model.py':
        'import triton_python_backend_utils\n',
    });
    expect(triton.pattern).toBe('model-in-image');
    expect(triton.inImage).toEqual([
      'Dockerfile:3 model into image (directory): model_repository → /srv/repository, the model folder tritonserver reads (/srv/repository)',
    ]);
  });
});

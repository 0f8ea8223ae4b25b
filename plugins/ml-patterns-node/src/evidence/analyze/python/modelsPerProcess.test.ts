import { detectReleasePattern } from '../../../engine/releasePattern';
import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * All-in-one counts models per serving process, from its entry point
 * through the modules it imports, the way an ML engineer counts them:
 * companions and adapters travel with their model, distinct models
 * count even when each sits in its own module behind its own env var,
 * and loads the serving process never reaches are not its models.
 */

describe('models per serving process', () => {
  it('counts a model and its companions of several kinds as one model', () => {
    const { verdict, at, notes, evidence } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["uvicorn", "api.main:app", "--host", "0.0.0.0"]
      `,
      'api/main.py': text`
        import os

        import joblib
        from fastapi import FastAPI

        from api.text import vectorizer

        MODEL_DIR = os.environ.get("MODEL_DIR", "/models")
        model = joblib.load(os.path.join(MODEL_DIR, "churn.joblib"))
        scaler = joblib.load(os.path.join(MODEL_DIR, "scaler.pkl"))
        encoder = joblib.load(os.path.join(MODEL_DIR, "target.joblib"))
        app = FastAPI()
      `,
      'api/text.py': text`
        import os
        import pickle

        with open(os.environ["VECTORIZER_PATH"], "rb") as f:
            vectorizer = pickle.load(f)
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['api/main.py:9']);
    expect(notes[0]).toMatch(
      /loads one model: joblib.load loads \/models\/churn.joblib \(with /,
    );
    expect(evidence.modelLoaders.map(l => [l.path, l.line, l.role])).toEqual([
      ['api/main.py', 9, 'model'],
      ['api/main.py', 10, 'companion'],
      ['api/main.py', 11, 'companion'],
      ['api/text.py', 5, 'companion'],
    ]);
  });

  it('does not count pickled data beside the model (a cache, a record store) as models', () => {
    const { verdict, at } = allInOne({
      Dockerfile:
        'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
      'main.py': text`
        import pickle

        from bottle import Bottle

        from store import Store

        with open("artifacts/ranker.pkl", "rb") as f:
            ranker = pickle.load(f)
        with open("artifacts/feature_cache.pkl", "rb") as f:
            cache = pickle.load(f)
        history = Store("events.pickle")
        app = Bottle()
      `,
      'store.py': text`
        import pickle


        class Store:
            def __init__(self, path):
                self.fh = open(path, "rb")

            def read(self):
                while True:
                    yield pickle.load(self.fh)
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['main.py:8']);
  });

  it('counts a LoRA adapter with its base model and tokenizer as one model', () => {
    const { verdict, at, evidence } = allInOne({
      'serve.py': text`
        import os

        import uvicorn
        from fastapi import FastAPI
        from peft import PeftModel
        from transformers import AutoModelForCausalLM, AutoTokenizer

        BASE = os.environ.get("BASE_MODEL", "mistralai/Mistral-7B-v0.1")
        tokenizer = AutoTokenizer.from_pretrained(BASE)
        base = AutoModelForCausalLM.from_pretrained(BASE)
        model = PeftModel.from_pretrained(base, os.environ["ADAPTER_ID"])
        app = FastAPI()

        if __name__ == "__main__":
            uvicorn.run(app, port=8080)
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:10']);
    expect(evidence.servingProcesses?.[0].models[0].companions).toEqual([
      {
        path: 'serve.py',
        line: 9,
        name: 'BASE_MODEL',
        call: 'transformers.AutoTokenizer.from_pretrained',
      },
      {
        path: 'serve.py',
        line: 11,
        name: 'ADAPTER_ID',
        call: 'peft.PeftModel.from_pretrained',
      },
    ]);
  });

  it('counts a network built from pretrained parts and restored from its checkpoint as one model', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["python", "serve.py"]
      `,
      'captioner/network.py': text`
        import torch.nn as nn
        from transformers import AutoModel, AutoModelForCausalLM

        class Captioner(nn.Module):
            def __init__(self, vision="google/vit-base-patch16-224", text="gpt2"):
                super().__init__()
                self.encoder = AutoModel.from_pretrained(vision)
                self.decoder = AutoModelForCausalLM.from_pretrained(text)
                self.project = nn.Linear(768, 768)
      `,
      'serve.py': text`
        import os

        import torch
        from flask import Flask
        from transformers import AutoTokenizer

        from captioner.network import Captioner

        tokenizer = AutoTokenizer.from_pretrained("gpt2")
        network = Captioner()
        network.load_state_dict(torch.load(os.environ["CHECKPOINT"], map_location="cpu"))
        app = Flask(__name__)
        app.run(host="0.0.0.0")
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serve.py:11']);
    expect(notes[0]).toMatch(/loads one model: torch.load loads CHECKPOINT/);
  });

  it('still counts two networks restored from two checkpoints as two models', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["python", "serve.py"]
      `,
      'serve.py': text`
        import torch
        import torch.nn as nn
        from flask import Flask
        from transformers import AutoModel

        class Ranker(nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = AutoModel.from_pretrained("bert-base-uncased")

        ranker = Ranker()
        ranker.load_state_dict(torch.load("weights/ranker.pt"))
        detector = torch.load("weights/fraud_detector.pt")
        app = Flask(__name__)
        app.run(host="0.0.0.0")
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'serve.py:12', 'serve.py:13']);
  });

  it('counts one checkpoint id loaded by two classes as one model', () => {
    const { verdict, at } = allInOne({
      Procfile: 'web: gunicorn app:server\n',
      'app.py': text`
        from flask import Flask
        from transformers import AutoModelForSequenceClassification, pipeline

        CHECKPOINT = "acme/review-sentiment"
        model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT)
        classify = pipeline("text-classification", model=CHECKPOINT)
        server = Flask(__name__)
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['app.py:5']);
  });

  it('detects distinct models loaded in separate modules, each named by its own env var', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY service/ /app/service/
        CMD gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:80 service.api:app
      `,
      'service/api.py': text`
        from fastapi import FastAPI

        from service.fraud import score
        from service.outliers import is_outlier

        app = FastAPI()


        @app.post("/check")
        def check(row: dict) -> dict:
            return {"fraud": score(row), "outlier": is_outlier(row)}
      `,
      'service/fraud.py': text`
        import os

        import joblib

        CLASSIFIER = joblib.load(os.environ["FRAUD_MODEL_PATH"])


        def score(row):
            return CLASSIFIER.predict_proba([list(row.values())])[0][1]
      `,
      'service/settings.py': text`
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            outlier_model_path: str = "/models/iforest.onnx"


        settings = Settings()
      `,
      'service/outliers.py': text`
        import onnxruntime as ort

        from service.settings import settings

        session = ort.InferenceSession(settings.outlier_model_path)


        def is_outlier(row):
            return session.run(None, {"x": [list(row.values())]})[0][0] < 0
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:3',
      'service/fraud.py:5',
      'service/outliers.py:5',
    ]);
    expect(notes).toEqual([
      'gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:80 service.api:app loads 2 distinct models',
      'joblib.load loads FRAUD_MODEL_PATH',
      'onnxruntime.InferenceSession loads OUTLIER_MODEL_PATH',
    ]);
  });

  it('ignores loads in training, dataset and test modules the serving entry point never imports', () => {
    const { verdict, at, evidence } = allInOne({
      Dockerfile: text`
        FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime
        COPY . /code
        ENTRYPOINT ["python", "-m", "serving.app"]
      `,
      'serving/__init__.py': '',
      'serving/app.py': text`
        import torch
        from flask import Flask

        net = torch.jit.load("artifacts/segmenter.pt")
        app = Flask(__name__)

        if __name__ == "__main__":
            app.run(host="0.0.0.0")
      `,
      'training/train.py': text`
        import glob

        import torch
        from transformers import AutoModel

        backbone = AutoModel.from_pretrained("facebook/dinov2-small")
        for checkpoint in glob.glob("runs/*.pt"):
            state = torch.load(checkpoint)
      `,
      'data/cache.py': text`
        import pickle

        features = pickle.load(open("cache/features.pkl", "rb"))
        labels = pickle.load(open("cache/extra_targets.pkl", "rb"))
      `,
      'tests/test_app.py': text`
        import torch

        a = torch.jit.load("tests/fixtures/a.pt")
        b = torch.jit.load("tests/fixtures/b.pt")
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['serving/app.py:4']);
    expect(
      evidence.modelLoaders.filter(l => l.inServingCode).map(l => l.path),
    ).toEqual(['serving/app.py']);
  });

  it('counts speech recognition, alignment and diarization in one worker as three models', () => {
    const { verdict, at } = allInOne({
      'docker-compose.yml': text`
        services:
          asr:
            build: .
            command: uvicorn speech.api:app --host 0.0.0.0
      `,
      'speech/api.py': text`
        from fastapi import FastAPI, UploadFile

        from speech import align, diarize, transcribe

        app = FastAPI()


        @app.post("/transcripts")
        async def transcript(audio: UploadFile):
            words = align.run(transcribe.run(audio), audio)
            return diarize.run(words, audio)
      `,
      'speech/transcribe.py': text`
        import os

        import whisper

        asr = whisper.load_model(os.getenv("ASR_MODEL", "small"))


        def run(audio):
            return asr.transcribe(audio)
      `,
      'speech/align.py': text`
        import whisperx


        def run(segments, audio, language="en"):
            model, metadata = whisperx.load_align_model(language_code=language, device="cpu")
            return whisperx.align(segments, model, metadata, audio, "cpu")
      `,
      'speech/diarize.py': text`
        from pyannote.audio import Pipeline

        pipeline = Pipeline.from_pretrained("pyannote/speaker-diarization-3.1")


        def run(words, audio):
            return pipeline(audio)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'docker-compose.yml:2',
      'speech/align.py:5',
      'speech/diarize.py:3',
      'speech/transcribe.py:5',
    ]);
  });

  it('counts an embedding model and a reranker in one BentoML service as two models', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["bentoml", "serve", "service:Search"]
      `,
      'service.py': text`
        import os

        import bentoml

        EMBEDDER = os.getenv("EMBEDDER", "acme/embed-small")

        @bentoml.service
        class Search:
            def __init__(self):
                from rerankers import Reranker
                from sentence_transformers import SentenceTransformer

                self.embedder = SentenceTransformer(EMBEDDER)
                self.ranker = Reranker("cross-encoder", lang="en")
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'service.py:13', 'service.py:14']);
  });

  it('counts a library loading every installed model as several models', () => {
    const { verdict, notes } = allInOne({
      Procfile: 'web: gunicorn translator:app\n',
      'translator.py': text`
        from argostranslate import translate
        from flask import Flask

        languages = translate.get_installed_languages()
        app = Flask(__name__)
      `,
    });
    expect(verdict).toBe('fail');
    expect(notes).toEqual([
      'gunicorn translator:app loads several models',
      'argostranslate.translate.get_installed_languages loads several models: every installed model',
    ]);
  });

  it('counts a translation library that detects the source language as several models', () => {
    const { verdict, notes, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY app /app
        CMD ["uvicorn", "app.server:api", "--host", "0.0.0.0"]
      `,
      'app/server.py': text`
        import os
        from easynmt import EasyNMT
        from fastapi import FastAPI

        api = FastAPI()
        translator = EasyNMT(os.getenv("TRANSLATION_MODEL", "opus-mt"))
      `,
    });
    expect(verdict).toBe('fail');
    expect(notes).toContain(
      'easynmt.EasyNMT loads several models: TRANSLATION_MODEL',
    );
    expect(at).toContain('app/server.py:6');
  });

  it('starts at the module of a console script the project installs', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /src
        RUN pip install /src
        CMD ["serve-quality"]
      `,
      'pyproject.toml': text`
        [project]
        name = "quality"
        version = "1.0.0"

        [project.scripts]
        serve-quality = "quality.server:main"
        train-quality = "quality.train:main"
      `,
      'quality/__init__.py': '',
      'quality/server.py': text`
        import os

        import xgboost as xgb


        def main():
            booster = xgb.Booster()
            booster.load_model(os.environ["QUALITY_MODEL"])
      `,
      'quality/train.py': text`
        import joblib

        baseline = joblib.load("baselines/linear.joblib")
        previous = joblib.load("baselines/previous.joblib")
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['quality/server.py:8']);
  });

  it('follows modules named by import path: a Django project behind gunicorn', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /site
        CMD ["gunicorn", "shop.wsgi:application", "--bind", "0.0.0.0:8000"]
      `,
      'shop/__init__.py': '',
      'shop/wsgi.py': text`
        import os

        from django.core.wsgi import get_wsgi_application

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
        application = get_wsgi_application()
      `,
      'shop/settings.py': text`
        ROOT_URLCONF = "shop.urls"
        INSTALLED_APPS = ["django.contrib.admin", "recommend"]
      `,
      'shop/urls.py': text`
        from django.urls import include, path

        urlpatterns = [path("recommend/", include("recommend.urls"))]
      `,
      'recommend/__init__.py': '',
      'recommend/urls.py': text`
        from django.urls import path

        from . import views

        urlpatterns = [path("", views.recommend)]
      `,
      'recommend/views.py': text`
        import joblib
        import lightgbm as lgb

        ranker = lgb.Booster(model_file="artifacts/ranker.txt")
        tagger = joblib.load("artifacts/item_tagger.joblib")


        def recommend(request):
            query = [request.GET["q"]]
            return ranker.predict(query), tagger.predict(query)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:3',
      'recommend/views.py:4',
      'recommend/views.py:5',
    ]);
  });

  it('counts several Ray Serve deployments of different checkpoints started by one script', () => {
    const { verdict, at } = allInOne({
      'deploy.py': text`
        from ray import serve

        from deployments.caption import Captioner
        from deployments.detect import Detector

        if __name__ == "__main__":
            serve.run(Captioner.bind(), name="caption", route_prefix="/caption")
            serve.run(Detector.bind(), name="detect", route_prefix="/detect")
      `,
      'deployments/caption.py': text`
        from ray import serve
        from transformers import pipeline


        @serve.deployment
        class Captioner:
            def __init__(self):
                self.pipe = pipeline("image-to-text", model="Salesforce/blip-image-captioning-base")
      `,
      'deployments/detect.py': text`
        from ray import serve
        from ultralytics import YOLO


        @serve.deployment
        class Detector:
            def __init__(self, weights: str = "yolov8n.pt"):
                self.model = YOLO(weights)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'deploy.py:6',
      'deployments/caption.py:8',
      'deployments/detect.py:8',
    ]);
  });
});

describe('a hub download at process start', () => {
  it('is Model-load when the id comes from the environment', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          COPY app.py .
          RUN pip install fastapi==0.111.0 transformers==4.41.2
          CMD ["uvicorn", "app:app"]
        `,
        'app.py': text`
          import os

          from fastapi import FastAPI
          from transformers import pipeline

          classifier = pipeline("sentiment-analysis", model=os.environ["MODEL_ID"])
          app = FastAPI()
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(detection.modelLoad).toEqual([
      expect.objectContaining({
        path: 'app.py',
        line: 6,
        note: 'transformers.pipeline downloads MODEL_ID',
      }),
    ]);
  });

  it('is Model-load for a Seldon Core Python server reading the model the storage initializer puts in /mnt/models', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.10-slim
          RUN pip install seldon-core==1.18.1 joblib==1.4.2
          COPY Churn.py /srv/
          WORKDIR /srv
          ENV MODEL_NAME=Churn
          CMD exec seldon-core-microservice $MODEL_NAME --service-type MODEL
        `,
        'Churn.py': text`
          import joblib

          class Churn:
              def __init__(self):
                  self.model = joblib.load("/mnt/models/model.joblib")

              def predict(self, X, features_names=None):
                  return self.model.predict_proba(X)
        `,
      }),
    );
    expect(evidence.servingProcesses?.map(p => p.module)).toEqual(['Churn.py']);
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(detection.modelLoad).toEqual([
      expect.objectContaining({
        path: 'Churn.py',
        line: 5,
        note: "joblib.load loads /mnt/models/model.joblib, where the platform's storage initializer (KServe, Seldon Core) puts the model when the server starts",
      }),
    ]);
  });

  it('takes the model folder of a class only a framework builds from its parameter default', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.10-slim
          RUN pip install seldon-core==1.18.1 joblib==1.4.2
          COPY Scorer.py /srv/
          WORKDIR /srv
          CMD seldon-core-microservice Scorer --service-type MODEL
        `,
        'Scorer.py': text`
          import joblib

          class Scorer:
              def __init__(self, model_uri="/mnt/models"):
                  self.model = joblib.load(f"{model_uri}/model.joblib")
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(detection.modelLoad).toEqual([
      expect.objectContaining({
        path: 'Scorer.py',
        line: 5,
        note: "joblib.load loads /mnt/models/model.joblib, where the platform's storage initializer (KServe, Seldon Core) puts the model when the server starts",
      }),
    ]);
  });

  it('is Model-load for a snapshot download in a startup hook, the id from settings', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'compose.yaml': text`
          services:
            embedder:
              build: .
              command: ["python", "-m", "embedder"]
              environment:
                EMBEDDER_MODEL_ID: BAAI/bge-small-en-v1.5
        `,
        Dockerfile: 'FROM python:3.11-slim\nCOPY embedder embedder\n',
        'embedder/__init__.py': '',
        'embedder/__main__.py': text`
          import uvicorn

          from embedder.app import app

          uvicorn.run(app, host="0.0.0.0", port=8000)
        `,
        'embedder/config.py': text`
          from pydantic_settings import BaseSettings, SettingsConfigDict


          class Settings(BaseSettings):
              model_config = SettingsConfigDict(env_prefix="EMBEDDER_")
              model_id: str


          settings = Settings()
        `,
        'embedder/app.py': text`
          from fastapi import FastAPI
          from huggingface_hub import snapshot_download
          from sentence_transformers import SentenceTransformer

          from .config import settings

          app = FastAPI()
          state = {}


          @app.on_event("startup")
          def load() -> None:
              path = snapshot_download(repo_id=settings.model_id)
              state["model"] = SentenceTransformer(path)
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(
      detection.modelLoad.map(item => [item.path, item.line, item.note]),
    ).toEqual([
      [
        'embedder/app.py',
        13,
        'huggingface_hub.snapshot_download downloads EMBEDDER_MODEL_ID',
      ],
    ]);
    const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
    expect(check.verdict).toBe('pass');
  });

  it('is not a start-time download when it only backs up a BentoML model store load', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        'bentofile.yaml': 'service: "service:svc"\ninclude:\n  - "*.py"\n',
        'models.py': text`
          import bentoml
          import transformers


          def runner(task: str, checkpoint: str):
              try:
                  stored = bentoml.transformers.get(f"{task}-model")
              except bentoml.exceptions.NotFound:
                  stored = bentoml.transformers.save_model(
                      f"{task}-model", transformers.pipeline(task, model=checkpoint)
                  )
              return stored.to_runner()
        `,
        'service.py': text`
          import bentoml

          from models import runner

          translate = runner("translation_en_to_de", "t5-small")
          detect = runner("text-classification", "papluca/xlm-roberta-base-language-detection")
          svc = bentoml.Service("text", runners=[translate, detect])
        `,
      }),
    );
    expect(detectReleasePattern(makeInput({ evidence })).modelLoad).toEqual([]);
    // Two runners of two different checkpoints in one service.
    const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
    expect(check.verdict).toBe('fail');
    expect(check.evidence.map(e => `${e.path}:${e.line} ${e.note}`)).toEqual([
      'bentofile.yaml:1 bentoml serve (bentofile.yaml) loads 2 distinct models',
      'service.py:5 bentoml.transformers.get loads translation_en_to_de-model',
      'service.py:6 bentoml.transformers.get loads text-classification-model',
    ]);
  });

  it('is not evidence when only a script the server never runs downloads', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          COPY . .
          CMD ["python", "server.py"]
        `,
        'server.py': text`
          from flask import Flask
          import joblib

          model = joblib.load("model/classifier.joblib")
          app = Flask(__name__)
        `,
        'scripts/evaluate_baseline.py': text`
          from transformers import pipeline

          baseline = pipeline("zero-shot-classification", model="facebook/bart-large-mnli")
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.modelLoad).toEqual([]);
  });
});

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Distinct trained models one serving process loads, in the shapes real
 * servers write them: models a library loads by default (a voice-activity
 * detector, a punctuation model), a Flask application factory reached
 * through a package that shadows a module of the same name, a project
 * class whose classmethod wraps a library loader, word vectors, and
 * modules imported from a folder the entry puts on `sys.path`.
 */

describe('distinct models in one serving process', () => {
  it('counts a voice-activity detector and a punctuation model loaded in a startup hook as two models', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["uvicorn", "svc.main:app"]
      `,
      'svc/main.py': text`
        from fastapi import FastAPI
        try:
            from pipecat.audio.vad.silero import SileroVADAnalyzer
        except ImportError:
            from pipecat.vad.silero import SileroVADAnalyzer
        from deepmultilingualpunctuation import PunctuationModel

        app = FastAPI()
        vad = None
        punct = None

        @app.on_event("startup")
        async def load():
            global vad, punct
            vad = SileroVADAnalyzer()
            punct = PunctuationModel()
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'svc/main.py:15', 'svc/main.py:16']);
    expect(notes[0]).toBe('uvicorn svc.main:app loads 2 distinct models');
  });

  it('counts one library loading its default model as one model', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        CMD ["uvicorn", "main:app"]
      `,
      'main.py': text`
        from fastapi import FastAPI
        from deepmultilingualpunctuation import PunctuationModel

        app = FastAPI()
        punct = PunctuationModel()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['main.py:5']);
  });

  it('follows a factory in a package that shadows a module of the same name, into the blueprints it registers', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        WORKDIR /srv
        CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]
      `,
      'wsgi.py': text`
        from web import create_app

        app = create_app()
      `,
      // An old single-file version of the app, shadowed by the package.
      'web.py': text`
        from flask import Flask

        def create_app():
            return Flask(__name__)
      `,
      'web/__init__.py': text`
        from flask import Flask
        from sentence_transformers import SentenceTransformer

        embedder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")

        def create_app():
            app = Flask(__name__)
            from web.routes import match
            app.register_blueprint(match)
            return app
      `,
      'web/routes.py': text`
        import joblib
        from flask import Blueprint

        from web.parsing import parse

        match = Blueprint("match", __name__)
        ranker = joblib.load("artifacts/ranker.joblib")
      `,
      'web/parsing.py': text`
        import spacy

        nlp = spacy.load("en_core_web_sm")

        def parse(text):
            return nlp(text)
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:4',
      'web/__init__.py:4',
      'web/parsing.py:3',
      'web/routes.py:7',
    ]);
  });

  it('follows a classmethod loader of a project class and counts word vectors beside it, through a folder put on sys.path', () => {
    const { verdict, at, notes } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        CMD ["python", "/app/app.py"]
      `,
      'app.py': text`
        import os
        import sys

        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "server"))

        import gradio as gr
        from suggest import prepare

        encoder, tokenizer, vectors = prepare()
        gr.Interface(fn=lambda q: q, inputs="text", outputs="text").launch()
      `,
      'server/suggest.py': text`
        from gensim.models import KeyedVectors
        from transformers import AutoTokenizer

        from modeling.dense import DenseEncoder

        def prepare():
            encoder = DenseEncoder.load(model_name_or_path="checkpoints/encoder-80000")
            tokenizer = AutoTokenizer.from_pretrained("dmis-lab/biobert-v1.1")
            vectors = KeyedVectors.load_word2vec_format("vectors/pubmed-w2v.bin", binary=True)
            return encoder, tokenizer, vectors
      `,
      'server/modeling/__init__.py': '',
      'server/modeling/dense.py': text`
        from torch import nn
        from transformers import AutoModel

        class DenseEncoder(nn.Module):
            def __init__(self, encoder):
                super().__init__()
                self.encoder = encoder

            @classmethod
            def load(cls, model_name_or_path):
                return cls(AutoModel.from_pretrained(model_name_or_path))
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:3',
      'server/suggest.py:9',
      'server/suggest.py:7',
    ]);
    expect(notes[2]).toBe(
      'transformers.AutoModel.from_pretrained loads checkpoints/encoder-80000',
    );
  });

  it('keeps a network built from a pretrained part and restored from its own checkpoint one model', () => {
    const { verdict, at } = allInOne({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /srv
        CMD ["uvicorn", "main:app"]
      `,
      'main.py': text`
        import torch
        from fastapi import FastAPI
        from torch import nn
        from transformers import AutoModel, AutoTokenizer

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.bert = AutoModel.from_pretrained("bert-base-uncased")
                self.head = nn.Linear(768, 2)

        net = Classifier()
        net.load_state_dict(torch.load("weights/classifier.pt"))
        tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
        app = FastAPI()
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['main.py:13']);
  });
});

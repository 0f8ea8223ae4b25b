import { text } from '../__testUtils__/files';
import { allInOneOf } from '../__testUtils__/allInOneOf';
import { oneModelFiles } from './modelFileTables';

/**
 * A loop over a table of one model's files (its weights, config and
 * tokenizer) fetches or loads one model; a table of distinct checkpoints
 * stays several.
 */

const server = (app: string) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /app
    COPY . /app
    CMD ["uvicorn", "app:app"]
  `,
  'requirements.txt':
    'fastapi==0.115.0\nhuggingface_hub==0.24.0\ntorch==2.4.0\n',
  'app.py': app,
});

describe('tables of model files a loop goes through', () => {
  it("counts one model for a table of one model's weights, config and tokenizer fetched by a helper", () => {
    const result = allInOneOf(
      server(text`
        from fastapi import FastAPI
        from huggingface_hub import hf_hub_download

        FILES = {
            "pytorch_model.bin": "acme/sentiment",
            "config.json": "acme/sentiment",
            "tokenizer.json": "acme/sentiment",
        }

        def download(repo, name):
            return hf_hub_download(repo_id=repo, filename=name, local_dir="model")

        for name, repo in FILES.items():
            download(repo, name)
        app = FastAPI()
      `),
    );
    expect(result.verdict).toBe('pass');
    expect(result.at).toEqual(['app.py:14']);
    expect(result.evidence.servingProcesses?.[0].models[0].several).toBe(false);
  });

  it('counts one model for the files of one folder loaded in a loop (shards and their index)', () => {
    const result = allInOneOf(
      server(text`
        import torch
        from fastapi import FastAPI

        PARTS = {
            "first": "weights/ranker/model-00001-of-00002.safetensors",
            "second": "weights/ranker/model-00002-of-00002.safetensors",
            "index": "weights/ranker/model.safetensors.index.json",
            "config": "weights/ranker/config.json",
        }
        state = {}
        for part, path in PARTS.items():
            state[part] = torch.load(path)
        app = FastAPI()
      `),
    );
    expect(result.verdict).toBe('pass');
    expect(result.at).toEqual(['app.py:12']);
  });

  it('still counts several models for a table of distinct checkpoints', () => {
    const result = allInOneOf(
      server(text`
        from fastapi import FastAPI
        from huggingface_hub import hf_hub_download

        FILES = {
            "yolov8n.pt": "acme/detectors",
            "yolov8s.pt": "acme/detectors",
            "config.json": "acme/detectors",
        }

        def download(repo, name):
            return hf_hub_download(repo_id=repo, filename=name)

        for name, repo in FILES.items():
            download(repo, name)
        app = FastAPI()
      `),
    );
    expect(result.verdict).toBe('fail');
    expect(result.at).toEqual(['Dockerfile:4', 'app.py:14']);
  });
});

describe('oneModelFiles', () => {
  it('reads a key → URL table by its URLs, one folder of generic weights names being one model', () => {
    expect(
      oneModelFiles([
        ['pytorch_model.bin', 'https://h.example/m/v2/pytorch_model.bin'],
        ['model.safetensors', 'https://h.example/m/v2/model.safetensors'],
        ['config.json', 'https://h.example/m/v2/config.json'],
        ['tokenizer.json', 'https://h.example/m/v2/tokenizer.json'],
      ]),
    ).toBe(true);
    expect(
      oneModelFiles([
        ['a', 'https://h.example/en/pytorch_model.bin'],
        ['b', 'https://h.example/de/pytorch_model.bin'],
      ]),
    ).toBe(false);
  });

  it('takes one checkpoint stem in two formats for one model, and no table of names that are not files', () => {
    expect(oneModelFiles([['best.pt'], ['best.onnx'], ['labels.txt']])).toBe(
      true,
    );
    expect(
      oneModelFiles([
        ['en', 'acme/asr-en'],
        ['de', 'acme/asr-de'],
      ]),
    ).toBe(false);
  });
});

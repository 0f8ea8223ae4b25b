import { analyzeRepositoryFiles } from './analyze';
import { looksLikeServing } from './looksLikeServing';

function evidenceOf(files: Record<string, string>) {
  return analyzeRepositoryFiles(
    Object.entries(files).map(([path, text]) => {
      const content = Buffer.from(text);
      return { path, size: content.length, content };
    }),
  );
}

describe('looksLikeServing', () => {
  it('is true for an image built on a model server, though it has no code', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          Dockerfile:
            'FROM nvcr.io/nvidia/tritonserver:24.05-py3\nCOPY repository /models\n',
        }),
      ),
    ).toBe(true);
  });

  it('is true for an image whose code loads a model', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          Dockerfile:
            'FROM python:3.11-slim\nCOPY app.py .\nCMD ["python", "app.py"]\n',
          'app.py': 'import joblib\nmodel = joblib.load("model.joblib")\n',
        }),
      ),
    ).toBe(true);
  });

  it('is false for notebooks and a requirements file', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          'notebooks/train.ipynb': '{"cells": []}',
          'requirements.txt': 'scikit-learn>=1.0\n',
        }),
      ),
    ).toBe(false);
  });
});

import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * Modules are only parsed for loads when their text holds a loader's word;
 * helpers' callers only when they write the helper's module name. These
 * shapes must still be read.
 */
function loaders(files: Record<string, string>) {
  return analyzeRepositoryFiles(repo(files)).modelLoaders.map(l =>
    `${l.path}:${l.line} ${l.call} ${l.target ?? ''}`.trim(),
  );
}

describe('artifact loads behind the cheap text tests', () => {
  it('finds a load through a renamed import (the loader word is in the import)', () => {
    expect(
      loaders({
        'serve.py': text`
          from joblib import load as restore
          from onnxruntime import InferenceSession as Session

          clf = restore("models/clf.joblib")
          sess = Session("models/net.onnx")
        `,
      }),
    ).toEqual([
      'serve.py:4 joblib.load models/clf.joblib',
      'serve.py:5 onnxruntime.InferenceSession models/net.onnx',
    ]);
  });

  it('skips a module that names a library but calls none of its loaders', () => {
    expect(
      loaders({
        'train/features.py': text`
          import pandas as pd
          import torch

          def frame(rows):
              return pd.DataFrame(rows)

          net = torch.nn.Linear(4, 2)
        `,
      }),
    ).toEqual([]);
  });

  it('follows a helper to its callers, by module name and by a package-relative import', () => {
    expect(
      loaders({
        'app/models/store.py': text`
          import joblib

          def restore(path):
              return joblib.load(path)
        `,
        'app/api/routes.py': text`
          from app.models.store import restore

          ranker = restore("models/ranker.pkl")
        `,
        'app/models/batch/job.py': text`
          from ..store import restore

          scorer = restore("models/scorer.pkl")
        `,
        'tools.py': text`
          import pickle

          def fetch(path):
              with open(path, "rb") as f:
                  return pickle.load(f)
        `,
        'tools/cli/run.py': text`
          from .. import fetch

          index = fetch("models/index.pkl")
        `,
      }),
    ).toEqual([
      'app/api/routes.py:3 joblib.load models/ranker.pkl',
      'app/models/batch/job.py:3 joblib.load models/scorer.pkl',
      'tools/cli/run.py:3 pickle.load models/index.pkl',
    ]);
  });
});

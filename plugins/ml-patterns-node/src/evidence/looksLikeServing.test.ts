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

  it('is true for a web app that loads a model, with no container around it', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          'app.py': [
            'import pickle',
            'from flask import Flask',
            'app = Flask(__name__)',
            'model = pickle.load(open("model.pkl", "rb"))',
            'if __name__ == "__main__":',
            '    app.run()',
            '',
          ].join('\n'),
        }),
      ),
    ).toBe(true);
  });

  it('is true for a model server configuration alone', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          'config.properties':
            'inference_address=http://0.0.0.0:8080\nload_models=all\nmodel_store=model_store\n',
          'model_store/a.mar': 'x',
          'model_store/b.mar': 'x',
        }),
      ),
    ).toBe(true);
  });

  it('is true for an image that downloads its model during the build', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          Dockerfile: [
            'FROM ghcr.io/example/text-server:1.0',
            'RUN huggingface-cli download bigscience/bloomz-560m --local-dir /model',
            'ENV MODEL=/model',
            '',
          ].join('\n'),
        }),
      ),
    ).toBe(true);
  });

  it('is false for a training image: its code loads checkpoints, nothing says it serves', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          Dockerfile:
            'FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nCOPY . /workspace\n',
          'train.py': [
            'import torch',
            'model = torch.load("checkpoints/init.pt")',
            'loss = model(torch.randn(1, 3)).sum()',
            'loss.backward()',
            '',
          ].join('\n'),
        }),
      ),
    ).toBe(false);
  });

  it('is false for a container whose start command trains (a training step by hand)', () => {
    expect(
      looksLikeServing(
        evidenceOf({
          Dockerfile:
            'FROM tensorflow/tensorflow:2.16.1\nCOPY mnist.py /opt/mnist.py\nENTRYPOINT ["python3", "/opt/mnist.py"]\n',
          'mnist.py': [
            'import tensorflow as tf',
            'model = tf.keras.Sequential([tf.keras.layers.Dense(10)])',
            'optimizer = tf.keras.optimizers.Adam()',
            'with tf.GradientTape() as tape:',
            '    loss = tf.reduce_sum(model(tf.zeros((1, 4))))',
            'gradients = tape.gradient(loss, model.trainable_variables)',
            'optimizer.apply_gradients(zip(gradients, model.trainable_variables))',
            '',
          ].join('\n'),
        }),
      ),
    ).toBe(false);
  });
});

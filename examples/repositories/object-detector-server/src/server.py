"""Object detector server: the model is baked into the image at /opt/model."""
import os

import onnxruntime
from fastapi import FastAPI

MODEL_PATH = os.environ.get("MODEL_PATH", "/opt/model/detector.onnx")
session = onnxruntime.InferenceSession(MODEL_PATH)
app = FastAPI()


@app.get("/ready")
def ready():
    return {"ready": True}


@app.post("/detect")
def detect(pixels: list):
    return {"boxes": session.run(None, {"images": pixels})[0].tolist()}

"""Image classifier server: loads the ONNX model named by MODEL_PATH at start-up."""
import os

import numpy as np
import onnxruntime
from fastapi import FastAPI, HTTPException

MODEL_PATH = os.environ["MODEL_PATH"]

app = FastAPI()
session = None


@app.on_event("startup")
def load_model():
    global session
    session = onnxruntime.InferenceSession(MODEL_PATH)


@app.get("/v2/health/ready")
def ready():
    # Ready only once the model is loaded (Open Inference Protocol readiness).
    if session is None:
        raise HTTPException(status_code=503, detail="model not loaded")
    return {"ready": True}


@app.post("/v2/models/image-classifier/infer")
def infer(pixels: list):
    inputs = {session.get_inputs()[0].name: np.asarray(pixels, dtype=np.float32)}
    return {"outputs": session.run(None, inputs)[0].tolist()}

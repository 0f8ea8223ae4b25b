import os

import onnxruntime as ort
import uvicorn
from fastapi import FastAPI

app = FastAPI()
session = ort.InferenceSession(os.getenv("MODEL_PATH", "/srv/models/iris.onnx"))


@app.get("/health")
def health():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8080)

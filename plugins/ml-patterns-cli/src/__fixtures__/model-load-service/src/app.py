import os

import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load(os.environ["MODEL_FILEPATH"])


@app.get("/health/ready")
def ready():
    return {"ready": model is not None}


@app.post("/predict")
def predict(features: list[float]):
    return {"score": float(model.predict_proba([features])[0][1])}

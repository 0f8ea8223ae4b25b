"""Recommendations API: ranking, click-through-rate and embeddings in one process."""
import joblib
import torch
from fastapi import FastAPI

app = FastAPI()

ranking_model = joblib.load("models/ranking.pkl")
ctr_model = joblib.load("models/ctr.joblib")
embedding_model = torch.load("models/embedding.pt")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/rank")
def rank(features: dict):
    return {"scores": ranking_model.predict([list(features.values())]).tolist()}


@app.post("/ctr")
def ctr(features: dict):
    return {"ctr": ctr_model.predict_proba([list(features.values())])[0][1]}


@app.post("/embed")
def embed(tokens: list):
    return {"embedding": embedding_model(torch.tensor(tokens)).tolist()}

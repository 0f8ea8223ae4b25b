"""Search ranker: serves the XGBoost model named by MODEL_PATH."""
import os

import xgboost
from flask import Flask, jsonify, request

booster = xgboost.Booster()
booster.load_model(os.environ["MODEL_PATH"])
app = Flask(__name__)


@app.post("/rank")
def rank():
    matrix = xgboost.DMatrix(request.json["features"])
    return jsonify(scores=booster.predict(matrix).tolist())

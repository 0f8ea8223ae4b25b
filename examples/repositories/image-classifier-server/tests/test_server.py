import importlib


def test_module_imports(monkeypatch):
    monkeypatch.setenv("MODEL_PATH", "/tmp/model.onnx")
    assert importlib.import_module("src.server").MODEL_PATH == "/tmp/model.onnx"

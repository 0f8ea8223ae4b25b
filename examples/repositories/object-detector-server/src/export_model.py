"""Build step: export the released detector weights to ONNX."""
import argparse

from ultralytics import YOLO

parser = argparse.ArgumentParser()
parser.add_argument("--weights", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()

YOLO(args.weights).export(format="onnx", imgsz=640)

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * Loads in different arms of one `if` are alternatives only when one arm
 * runs: when the callers choose the arm, each passing its own value, every
 * arm's model is served.
 */
describe('branches chosen by the callers', () => {
  const handlers = (first: string, second: string) => ({
    Dockerfile: text`
      FROM python:3.12-slim
      COPY . /srv
      WORKDIR /srv
      CMD ["uvicorn", "main:app"]
    `,
    'main.py': text`
      from fastapi import FastAPI
      from vision import run

      app = FastAPI()

      @app.post("/boxes")
      def boxes(path: str):
          return run(path, kind="${first}")

      @app.post("/masks")
      def masks(path: str):
          return run(path, kind="${second}")
    `,
    'vision.py': text`
      from ultralytics import YOLO

      def run(path, kind):
          if kind == "boxes":
              net = YOLO("weights/boxes.pt")
          elif kind == "masks":
              net = YOLO("weights/masks.pt")
          return net(path)
    `,
  });

  it('counts two models when two endpoints pass different values to the parameter that picks the checkpoint', () => {
    const { verdict, at, notes } = allInOne(handlers('boxes', 'masks'));
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'vision.py:5', 'vision.py:7']);
    expect(notes[0]).toBe('uvicorn main:app loads 2 distinct models');
  });

  it('keeps the arms alternatives when every caller passes the same value', () => {
    const { verdict, at } = allInOne(handlers('boxes', 'boxes'));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['vision.py:5']);
  });
});

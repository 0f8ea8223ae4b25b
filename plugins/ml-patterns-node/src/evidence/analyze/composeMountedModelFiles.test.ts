import { text } from './__testUtils__/files';
import { releaseOf as release } from './__testUtils__/releaseOf';

/**
 * A compose service runs the serving module with its own command and
 * bind-mounts a folder of the repository that holds the model files the
 * module reads under a configured folder: the models reach the container
 * when it starts (Model-load), while the image copies only code.
 */
describe('a compose service mounting the folder of the model files its command loads', () => {
  const tree = (volume: string, extra: Record<string, string> = {}) => ({
    'deploy/api/Dockerfile': text`
      FROM python:3.10-slim
      COPY deploy/api/requirements.txt .
      RUN pip install -r requirements.txt
      COPY ./svc /opt/ranker/svc
      WORKDIR /opt/ranker
    `,
    'deploy/api/requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
    'deploy/api/compose.yaml': text`
      services:
        ranker:
          image: registry.example.com/ranker:latest
          volumes:
            - ${volume}
          ports:
            - 9000:9000
          entrypoint: /bin/sh -c "python -m svc.server --port 9000"
    `,
    'svc/__init__.py': '',
    'svc/server.py': text`
      import argparse
      import pickle
      import uvicorn
      from fastapi import FastAPI

      parser = argparse.ArgumentParser()
      parser.add_argument("--weights", default="./weights")
      parser.add_argument("--port", type=int, default=9000)
      args = parser.parse_args()

      with open(args.weights + "/ranker/v2.pkl", "rb") as f:
          ranker = pickle.load(f)

      app = FastAPI()

      @app.post("/rank")
      def rank(items: list[float]):
          return ranker.predict([items]).tolist()

      if __name__ == "__main__":
          uvicorn.run(app, port=args.port)
    `,
    'weights/ranker/v2.pkl': 'binary',
    ...extra,
  });

  it('is Model-load, naming the volume line and the file it brings', () => {
    const result = release(tree('../../weights:/opt/ranker/weights'));
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'deploy/api/compose.yaml:5 compose service ranker mounts ../../weights at /opt/ranker/weights, which holds weights/ranker/v2.pkl, the model /bin/sh -c "python -m svc.server --port 9000" loads (svc/server.py:12, {args.weights}/ranker/v2.pkl): the model is supplied when the container starts',
    ]);
  });

  it('says nothing of a mounted folder that does not hold the loaded file', () => {
    const result = release(tree('../../logs:/opt/ranker/logs'));
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });
});

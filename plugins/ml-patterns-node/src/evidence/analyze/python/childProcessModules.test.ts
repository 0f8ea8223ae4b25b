import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A server that starts a job in a child process (`python -m pkg.job`
 * from an admin endpoint) does not import the job's module: the model the
 * job loads is not one of the server's models.
 */
describe('modules a server runs in a child process', () => {
  const server = {
    Dockerfile: text`
      FROM python:3.12-slim
      COPY svc svc/
      CMD ["uvicorn", "svc.api:app", "--host", "0.0.0.0"]
    `,
    'svc/__init__.py': '',
    'svc/api.py': text`
      import subprocess
      import sys
      import torch
      from fastapi import FastAPI

      app = FastAPI()
      net = torch.load("weights/classifier.pt")

      @app.post("/admin/score")
      def score_job():
          subprocess.Popen([sys.executable, "-m", "svc.scoring", "--split", "test"])
          return {"started": True}
    `,
    'svc/scoring.py': text`
      import torch

      def main():
          baseline = torch.load("weights/baseline.pt")
          print(baseline)

      if __name__ == "__main__":
          main()
    `,
  };

  it('counts one model when the other load is in a module started with -m in a child process', () => {
    const { verdict, at } = allInOne(server);
    expect(verdict).toBe('pass');
    expect(at).toEqual(['svc/api.py:7']);
  });

  it('still counts a module the server names by import path for itself', () => {
    const { verdict, at } = allInOne({
      ...server,
      'svc/api.py': text`
        import importlib
        import torch
        from fastapi import FastAPI

        app = FastAPI()
        net = torch.load("weights/classifier.pt")
        scoring = importlib.import_module("svc.scoring")
        baseline = torch.load("weights/baseline.pt")
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'svc/api.py:6', 'svc/api.py:8']);
  });
});

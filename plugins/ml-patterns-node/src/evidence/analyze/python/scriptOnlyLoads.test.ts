import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A server that imports a helper from an evaluation script does not run
 * the script's `main()`: a load there runs only when the script is run.
 */
describe('loads in a function only a script block calls', () => {
  const tree = (serverLines: string) => ({
    Dockerfile: text`
      FROM python:3.12-slim
      COPY svc svc/
      CMD ["uvicorn", "svc.api:app"]
    `,
    'svc/__init__.py': '',
    'svc/api.py': text`
      import torch
      from fastapi import FastAPI
      ${serverLines}

      app = FastAPI()
      net = torch.load("weights/classifier.pt")
    `,
    'svc/evaluation.py': text`
      import torch

      def accuracy(pred, gold):
          return (pred == gold).float().mean()

      def main():
          baseline = torch.load("weights/baseline.pt")
          print(baseline)

      if __name__ == "__main__":
          main()
    `,
  });

  it('counts one model when the server imports only a helper of the script', () => {
    const { verdict, at } = allInOne(
      tree('from svc.evaluation import accuracy'),
    );
    expect(verdict).toBe('pass');
    expect(at).toEqual(['svc/api.py:6']);
  });

  it('counts one model when the server imports the script function but never uses it', () => {
    const { verdict, at } = allInOne(tree('from svc.evaluation import main'));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['svc/api.py:6']);
  });

  it("counts the script function's model when the server calls that function itself", () => {
    const { verdict, at } = allInOne(
      tree('from svc.evaluation import main; main()'),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'svc/api.py:6', 'svc/evaluation.py:7']);
  });
});

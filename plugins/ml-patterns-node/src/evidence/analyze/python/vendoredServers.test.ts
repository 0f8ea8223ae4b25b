import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * A project vendored into the repository (a folder with its own licence)
 * may bring an example server of its own; when the image starts the
 * unit's own server, that example is not deployed.
 */
function allInOne(license: boolean) {
  const evidence = analyzeRepositoryFiles(
    repo({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY . /app
        WORKDIR /app
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
      `,
      'main.py': text`
        import torch
        from fastapi import FastAPI

        app = FastAPI()
        model = torch.hub.load("./detector", "custom", path="weights/house.pt", source="local")
      `,
      ...(license
        ? { 'detector/LICENSE': 'GNU AFFERO GENERAL PUBLIC LICENSE\n' }
        : {}),
      'detector/utils/rest_api.py': text`
        import torch
        from flask import Flask

        app = Flask(__name__)
        small = torch.hub.load("acme/detector", "small")
        large = torch.hub.load("acme/detector", "large")

        if __name__ == "__main__":
            app.run()
      `,
    }),
  );
  const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
  return {
    verdict: check.verdict,
    at: check.evidence.map(e => `${e.path}:${e.line}`),
  };
}

describe('an example server of vendored code', () => {
  it('is not deployed when the image starts the unit’s own server', () => {
    const { verdict, at } = allInOne(true);
    expect(verdict).toBe('pass');
    expect(at).toEqual(['main.py:5']);
  });

  it('still counts when the folder is the repository’s own code (no licence of its own)', () => {
    expect(allInOne(false).verdict).toBe('fail');
  });
});

import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { builtInRules } from './rules';
import { evaluateEntity } from './evaluateEntity';
import { makeEntity, makeInput } from './__testUtils__/factories';

/**
 * A server in a repository that loads a model through an API that only
 * loads models (Lightning's `load_from_checkpoint`) is a serving unit even
 * when the checkpoint's path is known only at run time; a generic
 * deserialiser of a run-time handle does not make one.
 */
function scoreRepository(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'repository',
      entity: makeEntity({ type: 'template' }),
      evidence,
    }),
    builtInRules,
  );
  const check = report.checks.find(
    c => c.ruleId === 'all-in-one/one-model-per-server',
  )!;
  return { report, check, at: check.evidence.map(e => `${e.path}:${e.line}`) };
}

const DOCKERFILE = text`
  FROM python:3.12-slim
  COPY . /app
  WORKDIR /app
  CMD ["uvicorn", "service:app", "--host", "0.0.0.0"]
`;

describe('a repository whose server loads a model named at run time', () => {
  it('is judged through a server restoring the checkpoint it trained', () => {
    const { report, check, at } = scoreRepository({
      Dockerfile: DOCKERFILE,
      'service.py': text`
        from fastapi import FastAPI
        from net import LitNet
        from training import fit

        app = FastAPI()
        state = {}

        @app.post("/train")
        def train():
            state["checkpoint"] = fit()

        @app.post("/embed")
        def embed(values: list[float]):
            net = LitNet.load_from_checkpoint(state["checkpoint"])
            return net.encoder(values).tolist()
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(check.verdict).toBe('pass');
    expect(at).toContain('service.py:14');
  });

  it('is not applicable when the server only unpickles a handle it is given', () => {
    const { report } = scoreRepository({
      Dockerfile: DOCKERFILE,
      'service.py': text`
        import pickle
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/restore")
        def restore(handle):
            session = pickle.load(handle)
            return {"keys": list(session)}
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('not-applicable');
  });
});

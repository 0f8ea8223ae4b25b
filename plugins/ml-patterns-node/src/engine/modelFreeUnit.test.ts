import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { makeInput } from './__testUtils__/factories';
import { runCheck } from './__testUtils__/runCheck';
import { detectReleasePattern } from './releasePattern';
import { evaluateEntity } from './evaluateEntity';
import { builtInRules } from './rules';
import { oneModelPerServerRule } from './rules/allInOne';
import { configurableModelRule } from './rules/modelLoad';

/**
 * A declared serving unit that holds no model: a web service whose
 * dependencies are a web framework and an HTTP client, and whose handler
 * only builds a link to an outside image service. Neither All-in-one nor a
 * release pattern applies. A server that installs an ML library but whose
 * load is not read stays open.
 */

const proxy = {
  Dockerfile: text`
    FROM python:3.12-slim
    WORKDIR /svc
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    CMD ["uvicorn", "web:app", "--host", "0.0.0.0", "--port", "8080"]
  `,
  'requirements.txt': 'fastapi\nuvicorn\nhttpx\n',
  'web.py': text`
    from urllib.parse import quote
    from fastapi import FastAPI

    app = FastAPI()
    ART_SERVICE = "https://art.example.com/render/"

    @app.post("/draw")
    async def draw(body: dict):
        words = body.get("prompt", "").strip()
        if not words:
            return {"error": "empty prompt"}
        return {"link": ART_SERVICE + quote(words) + "?style=ink"}
  `,
};

function judge(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const input = makeInput({ role: 'serving-unit', evidence });
  const at = (items: Array<{ path?: string; line?: number }>) =>
    items.map(i => `${i.path}:${i.line}`);
  const allInOne = runCheck(oneModelPerServerRule, input);
  const modelLoad = runCheck(configurableModelRule, input);
  return {
    report: evaluateEntity(input, builtInRules).antiPatterns['all-in-one'],
    release: detectReleasePattern(input).pattern,
    allInOne: allInOne.verdict,
    allInOneAt: at(allInOne.evidence),
    modelLoadAt: at(modelLoad.evidence),
  };
}

describe('a serving unit that holds no model', () => {
  it('is not-applicable for All-in-one and the release pattern, naming the manifest and the server', () => {
    const result = judge(proxy);
    expect(result.release).toBe('not-applicable');
    expect(result.allInOne).toBe('not-applicable');
    expect(result.report).toBe('not-applicable');
    expect(result.allInOneAt).toEqual(['requirements.txt:1', 'Dockerfile:6']);
    expect(result.modelLoadAt).toEqual(['requirements.txt:1', 'Dockerfile:6']);
  });

  it('stays open when the unit installs an ML library whose load is not read', () => {
    const result = judge({
      ...proxy,
      'requirements.txt': 'fastapi\nuvicorn\nhttpx\ntorch\n',
    });
    expect(result.release).toBe('unknown');
    expect(result.allInOne).not.toBe('not-applicable');
    expect(result.report).not.toBe('not-applicable');
  });

  it('stays judged when the unit runs several services (a gateway before other containers)', () => {
    const result = judge({
      ...proxy,
      'scorer/Dockerfile': proxy.Dockerfile.replace('web:app', 'score:app'),
      'scorer/requirements.txt': 'fastapi\nuvicorn\n',
      'scorer/score.py': text`
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/score")
        def score(body: dict):
            return {"score": 2 * float(body["x"])}
      `,
    });
    expect(result.report).not.toBe('not-applicable');
    expect(result.release).not.toBe('not-applicable');
  });
});

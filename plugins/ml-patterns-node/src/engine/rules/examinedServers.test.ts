import { analyzeRepositoryFiles } from '../../evidence/analyze';
import { repo, text } from '../../evidence/analyze/__testUtils__/files';
import { makeInput } from '../__testUtils__/factories';
import { runCheck } from '../__testUtils__/runCheck';
import { oneModelPerServerRule } from './allInOne';

describe('All-in-one clear with no model load to count', () => {
  it('names where the image starts its server, the place it read', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM acme/text-server:1.4
          ENV MODEL=/model
        `,
        'api.Dockerfile': text`
          FROM python:3.11-slim
          COPY app.py /app/app.py
          CMD ["python",   "/app/app.py"]
        `,
        'app.py': 'print("no model here")\n',
      }),
    );
    const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
    expect(check.verdict).toBe('pass');
    expect(check.evidence.map(e => `${e.path}:${e.line} ${e.note}`)).toEqual(
      expect.arrayContaining([
        'Dockerfile:1 the image runs the start command of acme/text-server:1.4; nothing in its build adds a second model',
        expect.stringMatching(/^api\.Dockerfile:3 /),
      ]),
    );
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { analyzeRepositoryFiles } from '../index';
import { file } from '../__testUtils__/hostileFiles';
import { AnalysisPool } from './AnalysisPool';

const realWorker = resolve(__dirname, 'analysisWorker.ts');
const endlessWorker = resolve(
  __dirname,
  '__fixtures__/endlessAnalysisWorker.ts',
);

/** Resolves when the event loop has run `count` timer turns. */
function timerTurns(count: number): Promise<number> {
  return new Promise(done => {
    let turns = 0;
    const tick = () => (++turns >= count ? done(turns) : setTimeout(tick, 1));
    setTimeout(tick, 1);
  });
}

describe('AnalysisPool', () => {
  const pools: AnalysisPool[] = [];
  const pool = (filename: string) => {
    const created = new AnalysisPool({ filename, maxThreads: 1 });
    pools.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(pools.map(p => p.close()));
  });

  it('analyzes in a worker thread exactly as in the calling thread, repository context included', async () => {
    const files = [
      file(
        'Dockerfile',
        'FROM python:3.11-slim\nCOPY models/ /models/\nCMD ["uvicorn", "app:app"]\n',
      ),
      file('app.py', 'import joblib\nmodel = joblib.load("/models/m.pkl")\n'),
      { path: 'models/m.pkl', size: 1000 },
    ];
    const options = {
      location: 'url:https://github.com/acme/repo/tree/main/svc',
      repository: {
        scope: 'svc',
        files: [file('CODEOWNERS', '* @acme/ml\n'), file('README.md', '# x\n')],
        truncated: 'listing stopped at 5 files',
      },
    };
    const evidence = await pool(realWorker).analyze(
      { files, options },
      { timeoutMs: 60_000 },
    );
    expect(evidence.status).toBe('ok');
    expect(evidence.dockerfiles[0].modelsIntoImage).toHaveLength(1);
    expect(evidence.codeReview.map(r => r.path)).toEqual(['../CODEOWNERS']);
    expect(evidence).toEqual(analyzeRepositoryFiles(files, options));
  });

  it('stops an analysis past its budget, gives unavailable evidence with the reason, and keeps the event loop free', async () => {
    const endless = pool(endlessWorker);
    // Start the worker first, so that the budget is the analysis' alone.
    await endless.analyze({ files: [], options: {} }, { timeoutMs: 1 });
    let settled = false;
    const analysis = endless
      .analyze(
        { files: [file('app.py', 'x = 1\n')], options: { location: 'dir:/x' } },
        { timeoutMs: 300 },
      )
      .finally(() => {
        settled = true;
      });
    // The main thread keeps running timers while the worker spins.
    await timerTurns(20);
    expect(settled).toBe(false);
    const evidence = await analysis;
    expect(evidence.status).toBe('unavailable');
    expect(evidence.location).toBe('dir:/x');
    expect(evidence.reason).toMatch(
      /^analysis took longer than 300 ms and was stopped/,
    );
    // The pool goes on with a new worker.
    const next = await endless.analyze(
      { files: [], options: {} },
      { timeoutMs: 200 },
    );
    expect(next.reason).toMatch(/took longer than 200 ms/);
  });

  it('runs in the calling thread, logging once, where workers cannot start', async () => {
    const logger = mockServices.logger.mock();
    const broken = pool(resolve(__dirname, '__fixtures__/missingWorker.js'));
    const files = [file('requirements.txt', 'numpy==1.26.4\n')];
    const first = await broken.analyze(
      { files, options: {} },
      { timeoutMs: 1000, logger },
    );
    const second = await broken.analyze(
      { files, options: {} },
      { timeoutMs: 1000, logger },
    );
    expect(first).toEqual(analyzeRepositoryFiles(files));
    expect(second.dependencyManifests[0].requirements[0].name).toBe('numpy');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /runs on the main thread, without a time limit: analysis worker threads cannot start here/,
    );
  });
});

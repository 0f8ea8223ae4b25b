import { mockServices } from '@backstage/backend-test-utils';
import { analyzeRepositoryFiles } from '../index';
import { file } from '../__testUtils__/hostileFiles';
import { analyzeRepositoryFilesBounded } from './analyzeRepositoryFilesBounded';

// The analysis as it is, counted: which thread ran it.
jest.mock('../index', () => {
  const actual = jest.requireActual('../index');
  return {
    ...actual,
    analyzeRepositoryFiles: jest.fn(actual.analyzeRepositoryFiles),
  };
});

describe('analyzeRepositoryFilesBounded', () => {
  it("finds the package's analysis worker and analyzes in it", async () => {
    const logger = mockServices.logger.mock();
    const files = [
      file('requirements.txt', 'scikit-learn==1.4.2\n'),
      file('serve.py', 'import joblib\nmodel = joblib.load("model.pkl")\n'),
    ];
    const evidence = await analyzeRepositoryFilesBounded(
      files,
      { location: 'dir:/repo' },
      { timeoutMs: 60_000, logger },
    );
    expect(evidence).toEqual(
      analyzeRepositoryFiles(files, { location: 'dir:/repo' }),
    );
    expect(evidence.modelLoaders).toHaveLength(1);
    // No fallback to the calling thread.
    expect(logger.warn).not.toHaveBeenCalled();
    // A worker's first start loads the analyzers: slow on a busy machine.
  }, 60_000);

  it('analyzes a tree within inThreadUpToBytes in the calling thread, a larger one in the worker', async () => {
    const files = [
      file('requirements.txt', 'scikit-learn==1.4.2\n'),
      file('serve.py', 'import joblib\nmodel = joblib.load("model.pkl")\n'),
    ];
    const bytes = files.reduce((sum, f) => sum + (f.content?.length ?? 0), 0);
    const expected = analyzeRepositoryFiles(files, { location: 'dir:/repo' });
    const inThread = jest.mocked(analyzeRepositoryFiles);
    inThread.mockClear();
    const small = await analyzeRepositoryFilesBounded(
      files,
      { location: 'dir:/repo' },
      { timeoutMs: 60_000, inThreadUpToBytes: bytes },
    );
    expect(small).toEqual(expected);
    expect(inThread).toHaveBeenCalledTimes(1);

    const large = await analyzeRepositoryFilesBounded(
      files,
      { location: 'dir:/repo' },
      { timeoutMs: 60_000, inThreadUpToBytes: bytes - 1 },
    );
    expect(large).toEqual(expected);
    expect(inThread).toHaveBeenCalledTimes(1);
  }, 60_000);
});

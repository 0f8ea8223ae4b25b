import { mockServices } from '@backstage/backend-test-utils';
import { analyzeRepositoryFiles } from '../index';
import { file } from '../__testUtils__/hostileFiles';
import { analyzeRepositoryFilesBounded } from './analyzeRepositoryFilesBounded';

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
  });
});

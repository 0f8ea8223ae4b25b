import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { makeInput } from './__testUtils__/factories';
import { detectReleasePattern } from './releasePattern';

/**
 * A server that reads its model from `/mnt/models` does not download it:
 * the platform's storage initializer (KServe, Seldon Core) puts it there
 * before the server starts, and the evidence says so.
 */
describe('a load from the platform model mount', () => {
  it('is Model-load, and says the storage initializer puts the model there', () => {
    const evidence = analyzeRepositoryFiles(
      repo({
        Dockerfile: text`
          FROM python:3.11-slim
          RUN pip install kserve==0.13.1 xgboost==2.0.3
          COPY predictor.py /app/
          WORKDIR /app
          CMD ["python", "predictor.py"]
        `,
        'predictor.py': text`
          import kserve
          import xgboost

          class Scorer(kserve.Model):
              def load(self):
                  self.booster = xgboost.Booster(model_file="/mnt/models/booster.json")
                  self.ready = True

          if __name__ == "__main__":
              kserve.ModelServer().start([Scorer("scorer")])
        `,
      }),
    );
    const detection = detectReleasePattern(makeInput({ evidence }));
    expect(detection.pattern).toBe('model-load');
    expect(
      detection.modelLoad.map(item => `${item.path}:${item.line} ${item.note}`),
    ).toEqual([
      "predictor.py:6 xgboost.Booster loads /mnt/models/booster.json, where the platform's storage initializer (KServe, Seldon Core) puts the model when the server starts",
    ]);
  });
});

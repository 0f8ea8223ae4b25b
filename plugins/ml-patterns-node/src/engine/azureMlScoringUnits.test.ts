import { analyzeRepositoryFiles } from '../evidence/analyze';
import { repo, text } from '../evidence/analyze/__testUtils__/files';
import { builtInRules } from './rules';
import { evaluateEntity } from './evaluateEntity';
import { makeEntity, makeInput } from './__testUtils__/factories';

/**
 * An Azure ML scoring script named by an inference configuration is a
 * serving unit: the platform's inference server imports it and calls its
 * `init()`, even when the script's `__main__` block also calls it to try
 * it out. `Model.get_model_path(name)` loads the registered model of that
 * name.
 */
function scoreRepository(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const report = evaluateEntity(
    makeInput({
      role: 'repository',
      entity: makeEntity({ type: 'mlops' }),
      evidence,
    }),
    builtInRules,
  );
  const check = report.checks.find(
    c => c.ruleId === 'all-in-one/one-model-per-server',
  )!;
  return { report, check, at: check.evidence.map(e => `${e.path}:${e.line}`) };
}

const SCORE = text`
  import os
  import joblib
  from azureml.core.model import Model

  def init():
      global model
      path = Model.get_model_path(os.getenv("AZUREML_MODEL_DIR").split("/")[-2])
      model = joblib.load(path)

  def run(data):
      return model.predict(data).tolist()

  if __name__ == "__main__":
      init()
      print(run([[1.0, 2.0]]))
`;

describe('a repository holding an Azure ML scoring script', () => {
  it('is judged through the script an inference configuration names: one model', () => {
    const { report, check, at } = scoreRepository({
      'train/train.py': text`
        import joblib
        from sklearn.linear_model import Ridge

        joblib.dump(Ridge().fit([[0.0]], [0.0]), "outputs/model.pkl")
      `,
      'serving/inference_config.yml': text`
        entryScript: score.py
        runtime: python
        condaFile: ../environment.yml
      `,
      'serving/score.py': SCORE,
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(check.verdict).toBe('pass');
    expect(at).toContain('serving/score.py:8');
    expect(check.evidence.map(e => e.note).join('\n')).toContain(
      'Azure ML scoring script score.py loads one model',
    );
  });

  it('reads the scoring script of an online deployment from its code folder', () => {
    const { report, at } = scoreRepository({
      'endpoints/blue.yml': text`
        name: blue
        endpoint_name: churn
        model: azureml:churn-model:3
        code_configuration:
          code: ../src
          scoring_script: score.py
      `,
      'src/score.py': SCORE,
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(at).toContain('src/score.py:8');
  });

  it('is not applicable when no configuration deploys the script', () => {
    const { report } = scoreRepository({ 'serving/score.py': SCORE });
    expect(report.antiPatterns['all-in-one']).toBe('not-applicable');
  });
});

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

describe('an Azure ML scoring script named only in Python', () => {
  it('is read from the v1 SDK InferenceConfig(entry_script, source_directory) of a deploying module', () => {
    const { report, check, at } = scoreRepository({
      'deploy/deploy_service.py': text`
        from azureml.core import Environment, Workspace
        from azureml.core.model import InferenceConfig, Model
        from azureml.core.webservice import AciWebservice

        ws = Workspace.from_config()
        env = Environment.from_conda_specification("churn", "../environment.yml")
        inference_config = InferenceConfig(
            entry_script="score.py",
            source_directory="../serving",
            environment=env,
        )
        service = Model.deploy(ws, "churn", [Model(ws, "churn")], inference_config,
                               AciWebservice.deploy_configuration(cpu_cores=1))
      `,
      'serving/score.py': SCORE,
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(check.verdict).toBe('pass');
    expect(at).toEqual(['serving/score.py:8', 'deploy/deploy_service.py:8']);
    expect(check.evidence.map(e => e.note).join('\n')).toContain(
      'Azure ML scoring script score.py loads one model',
    );
  });

  it('is read from the v2 SDK CodeConfiguration(code, scoring_script), a name holding the script, and counts its models', () => {
    const { report, check, at } = scoreRepository({
      'ops/online_deployment.py': text`
        from azure.ai.ml import MLClient
        from azure.ai.ml.entities import CodeConfiguration, ManagedOnlineDeployment

        SCORING = "rank.py"

        deployment = ManagedOnlineDeployment(
            name="blue",
            endpoint_name="ranker",
            code_configuration=CodeConfiguration(code="../scoring", scoring_script=SCORING),
            instance_type="Standard_DS3_v2",
        )
      `,
      'scoring/rank.py': text`
        import os
        import joblib

        def init():
            global sentiment, toxicity
            root = os.getenv("AZUREML_MODEL_DIR")
            sentiment = joblib.load(os.path.join(root, "sentiment.pkl"))
            toxicity = joblib.load(os.path.join(root, "toxicity.pkl"))

        def run(data):
            return {
                "sentiment": sentiment.predict(data).tolist(),
                "toxic": toxicity.predict(data).tolist(),
            }
      `,
    });
    expect(report.antiPatterns['all-in-one']).toBe('detected');
    expect(check.verdict).toBe('fail');
    expect(at).toEqual(
      expect.arrayContaining(['scoring/rank.py:7', 'scoring/rank.py:8']),
    );
    // The deploying line that names the script.
    expect(at).toContain('ops/online_deployment.py:9');
  });
});

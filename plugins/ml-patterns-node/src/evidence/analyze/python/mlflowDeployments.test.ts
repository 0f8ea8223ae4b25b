import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { repo, text } from '../__testUtils__/files';
import { releasePatternOf } from '../__testUtils__/releaseOf';
import { analyzeRepositoryFiles } from '../index';

/**
 * A repository of scripts that train one model with MLflow tracking and
 * deploy it to SageMaker through MLflow's deployment client: the platform
 * serves it with MLflow's generic image, loading the model from model_uri
 * when the endpoint starts. Creating or updating the same endpoint is one
 * deployment of one model.
 */

const files = {
  'train.py': text`
    import mlflow
    from sklearn.linear_model import LogisticRegression

    with mlflow.start_run():
        clf = LogisticRegression().fit(X, y)
        mlflow.sklearn.log_model(clf, "classifier")
  `,
  'deploy.py': text`
    from mlflow.deployments import get_deploy_client

    run_id = "0123abcd"
    model_uri = f"runs:/{run_id}/classifier"
    endpoint = "churn-classifier"

    client = get_deploy_client("sagemaker:/us-east-1")
    if client.list_deployments():
        client.update_deployment(endpoint, model_uri=model_uri, config={"instance_count": 1})
    else:
        client.create_deployment(endpoint, model_uri=model_uri, flavor="python_function")
  `,
};

function analyse(tree: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(tree));
  const check = runCheck(
    oneModelPerServerRule,
    makeInput({ role: 'repository', evidence }),
  );
  return {
    release: releasePatternOf(evidence, 'repository'),
    allInOne: {
      verdict: check.verdict,
      at: check.evidence.map(e => `${e.path}:${e.line}`),
    },
  };
}

describe('a model deployed through MLflow deployment client', () => {
  it('is one model loaded by the platform at start', () => {
    const { release, allInOne } = analyse(files);
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toEqual([
      'deploy.py:9 MLflow sagemaker deployment update_deployment of model_uri = model_uri',
    ]);
    expect(allInOne.verdict).toBe('pass');
    expect(allInOne.at).toContain('deploy.py:9');
  });

  it("reads MLflow 1's mlflow.sagemaker.deploy the same way", () => {
    const { release, allInOne } = analyse({
      'deploy.py': text`
        import mlflow.sagemaker as mfs

        mfs.deploy("churn-classifier", "models:/churn/3", region_name="us-east-1", mode="replace")
      `,
    });
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toEqual([
      'deploy.py:3 MLflow sagemaker deployment mlflow.sagemaker.deploy of model_uri = models:/churn/3',
    ]);
    expect(allInOne.verdict).toBe('pass');
  });

  it('counts two endpoints with their own models as two deployments, each of one model', () => {
    const { allInOne } = analyse({
      'deploy.py': text`
        from mlflow.deployments import get_deploy_client

        client = get_deploy_client("sagemaker")
        client.create_deployment("churn", model_uri="models:/churn/3")
        client.create_deployment("upsell", model_uri="models:/upsell/1")
      `,
    });
    expect(allInOne.verdict).toBe('pass');
    expect(allInOne.at).toEqual(
      expect.arrayContaining(['deploy.py:4', 'deploy.py:5']),
    );
  });
});

import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { repo, text } from '../__testUtils__/files';
import { releasePatternOf } from '../__testUtils__/releaseOf';
import { analyzeRepositoryFiles } from '../index';

/**
 * A training repository whose deploy script puts its fine-tuned model on a
 * SageMaker endpoint with the SageMaker Python SDK: a model object made
 * with the model tarball's S3 path and a stock serving image, then
 * deployed. SageMaker downloads the tarball into the container when the
 * endpoint starts, and the handler's model_fn loads it from there.
 */

const handler = text`
  from transformers import AutoModelForTokenClassification, AutoTokenizer

  def model_fn(model_dir):
      net = AutoModelForTokenClassification.from_pretrained(model_dir)
      tok = AutoTokenizer.from_pretrained(model_dir)
      return net, tok

  def predict_fn(payload, loaded):
      net, tok = loaded
      return net(**tok(payload["text"], return_tensors="pt")).logits.tolist()
`;

const files = {
  'pipeline/fit.py': text`
    from transformers import AutoModelForTokenClassification, Trainer

    net = AutoModelForTokenClassification.from_pretrained("distilbert-base-cased")
    Trainer(model=net).train()
    net.save_pretrained("out/tagger")
  `,
  'pipeline/handler.py': handler,
  'pipeline/release.py': text`
    import os
    from sagemaker import image_uris
    from sagemaker.pytorch.model import PyTorchModel as Served

    def build(tarball):
        image = image_uris.retrieve(framework="pytorch", region="us-east-1", version="2.1", image_scope="inference")
        served = Served(
            model_data=tarball,
            image_uri=image,
            role=os.environ["ROLE_ARN"],
        )
        return served

    def publish(served):
        return served.deploy(initial_instance_count=1, instance_type="ml.g5.xlarge")

    if __name__ == "__main__":
        publish(build(os.environ["TARBALL_URI"]))
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

describe('a model object deployed to a SageMaker endpoint with the SDK', () => {
  it('is one model, loaded by the platform when the endpoint starts', () => {
    const { release, allInOne } = analyse(files);
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toContain(
      'pipeline/release.py:8 SageMaker PyTorchModel deployed with model_data = tarball',
    );
    expect(allInOne.verdict).toBe('pass');
    expect(allInOne.at).toContain('pipeline/release.py:7');
  });

  it('reads a hub model named by HF_MODEL_ID the same way', () => {
    const { release, allInOne } = analyse({
      'deploy.py': text`
        import sagemaker
        from sagemaker.huggingface import HuggingFaceModel

        hub = HuggingFaceModel(
            env={"HF_MODEL_ID": "org/sentiment-small", "HF_TASK": "text-classification"},
            transformers_version="4.37", pytorch_version="2.1", py_version="py310",
            role=sagemaker.get_execution_role(),
        )
        hub.deploy(initial_instance_count=1, instance_type="ml.m5.xlarge")
      `,
    });
    expect(release.pattern).toBe('model-load');
    expect(release.atStart).toContain(
      'deploy.py:5 SageMaker HuggingFaceModel deployed with env HF_MODEL_ID = org/sentiment-small',
    );
    expect(allInOne.verdict).toBe('pass');
  });

  it('is no serving unit when the model object is only used for a batch transform', () => {
    const { release, allInOne } = analyse({
      'pipeline/handler.py': handler,
      'batch.py': text`
        from sagemaker.model import Model

        scorer = Model(model_data="s3://bucket/tagger/model.tar.gz", image_uri="123.dkr.ecr/tagger:1")
        scorer.transformer(instance_count=1, instance_type="ml.m5.xlarge").transform("s3://bucket/in/")
      `,
    });
    expect(release.pattern).toBe('not-applicable');
    expect(allInOne.verdict).toBe('not-applicable');
  });
});

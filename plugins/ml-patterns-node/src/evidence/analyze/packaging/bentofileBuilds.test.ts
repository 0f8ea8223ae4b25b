import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A BentoML project with a bentofile and no build command written out:
 * `bentoml build` packs the store models the service loads into the
 * Bento, which is what is deployed.
 */

const bentofile = text`
  service: "api:svc"
  include:
    - "*.py"
  python:
    packages:
      - scikit-learn
`;

const trainer = text`
  import bentoml
  from sklearn.linear_model import LogisticRegression

  def main(features, labels):
      classifier = LogisticRegression().fit(features, labels)
      bentoml.sklearn.save_model("churn_classifier", classifier)
`;

describe('bentofile builds', () => {
  it('is Model-in-image: the Bento packs the store model the service loads', () => {
    const result = releaseOf({
      'bentofile.yaml': bentofile,
      'fit.py': trainer,
      'api.py': text`
        import bentoml
        from bentoml.io import JSON

        runner = bentoml.sklearn.get("churn_classifier:latest").to_runner()
        svc = bentoml.Service("churn", runners=[runner])

        @svc.api(input=JSON(), output=JSON())
        def score(payload):
            return runner.predict.run([payload["features"]]).tolist()
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'bentofile.yaml:1 image built with `bentoml build (bentofile.yaml builds api:svc)` packs the BentoML store models the service loads (api.py:4 bentoml.sklearn.get)',
    ]);
  });

  it('packs no model when the service downloads its model from the hub', () => {
    const result = releaseOf({
      'bentofile.yaml': bentofile,
      'api.py': text`
        import bentoml
        from transformers import pipeline

        @bentoml.service
        class Summarizer:
            def __init__(self):
                self.pipe = pipeline("summarization", model="sshleifer/distilbart-cnn-12-6")

            @bentoml.api
            def summarize(self, text: str) -> str:
                return self.pipe(text)[0]["summary_text"]
      `,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
  });
});

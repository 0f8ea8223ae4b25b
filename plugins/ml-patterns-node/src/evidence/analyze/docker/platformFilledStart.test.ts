import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An image for a managed endpoint starts a stock server on the folder the
 * platform fills when the container starts (SageMaker unpacks the model
 * data of the endpoint into /opt/ml/model): Model-load, unless the image's
 * own build copies something there.
 */

const image = (extra: string) => text`
  FROM python:3.11-slim
  RUN pip install --no-cache-dir mlflow==2.14.1 scikit-learn==1.5.1
  ENV SERVED_DIR=/opt/ml/model
  ${extra}
  ENTRYPOINT ["mlflow", "models", "serve", "-m", "$SERVED_DIR", "--host", "0.0.0.0", "--port", "8080", "--env-manager", "local"]
`;

const tree = (dockerfile: string) => ({
  Dockerfile: dockerfile,
  'infra/endpoint.tf': text`
    resource "aws_sagemaker_model" "ranker" {
      name = "ranker"
      primary_container {
        image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ranker:1"
        model_data_url = "s3://team-models/ranker/model.tar.gz"
      }
    }
  `,
});

describe('a server started on the folder a serving platform fills at start', () => {
  it('is Model-load, at the start command', () => {
    const result = release(tree(image('EXPOSE 8080')));
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      "Dockerfile:5 start-up step downloads the model: mlflow serves -m $SERVED_DIR, where SageMaker puts the model when the container starts (the image's build puts nothing there)",
    ]);
  });

  it('is not said when the build copies the model there', () => {
    const result = release({
      ...tree(image('COPY exported/ranker /opt/ml/model')),
      'exported/ranker/MLmodel': 'flavors:\n  sklearn: {}\n',
    });
    expect(result.atStart).toEqual([]);
  });
});

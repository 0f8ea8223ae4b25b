import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * The model is published as an image of its own; the serving image's
 * Dockerfile uses it as a stage (named by a build argument) and copies its
 * model folder in with `COPY --from`. The serving code reads that folder:
 * the model is in the image.
 */

const server = text`
  from transformers import pipeline
  WEIGHTS = "/srv/weights"
  classify = pipeline("text-classification", model=WEIGHTS)
  print(classify("hello"))
`;

const dockerfile = (argument: string) => text`
  ${argument}
  FROM \${SENTIMENT_IMAGE} AS packaged

  FROM python:3.12-slim
  WORKDIR /srv
  COPY serve.py .
  COPY --from=packaged /opt/weights /srv/weights
  CMD ["python", "serve.py"]
`;

describe('a stage FROM a model image', () => {
  it('is Model-in-image when the image is named as a model image: the evidence names the COPY --from', () => {
    const result = release({
      Dockerfile: dockerfile(
        'ARG SENTIMENT_IMAGE=registry.example.com/team/sentiment-model:3',
      ),
      'serve.py': server,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'Dockerfile:7 model into image (stage): packaged (model image registry.example.com/team/sentiment-model:3):/opt/weights',
    ]);
  });

  it('reads the build argument’s name when it has no default', () => {
    const result = release({
      Dockerfile: dockerfile('ARG MODEL_IMAGE').replace(
        '${SENTIMENT_IMAGE}',
        '${MODEL_IMAGE}',
      ),
      'serve.py': server,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:7 model into image (stage): packaged (model image MODEL_IMAGE):/opt/weights',
    ]);
  });

  it('is not a model when neither the image nor the copied folder says so', () => {
    const result = release({
      Dockerfile: dockerfile(
        'ARG SENTIMENT_IMAGE=registry.example.com/team/python-base:3',
      ),
      'serve.py': server,
    });
    expect(result.inImage).toEqual([]);
  });
});

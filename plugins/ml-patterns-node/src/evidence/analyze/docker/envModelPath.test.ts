import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image whose ENV points the model-folder variable the scoring script
 * reads at a folder the image copies in: the server reads the model the
 * image was built with, even when the repository's copy of that folder
 * lacks the weights (fetched before the build, or not stored in git).
 */

const score = text`
  import os
  import torch

  def init():
      global model
      model = torch.load(os.path.join(os.environ["MODEL_ROOT"], "classifier.pt"))

  def run(batch):
      return model(torch.tensor(batch)).tolist()
`;

describe('an ENV pointing the model folder into a copied folder', () => {
  it('is Model-in-image from the COPY itself when the repository holds the model there', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        ENV MODEL_ROOT=/srv/scoring/registry/classifier/4
        COPY scoring /srv/scoring
        RUN pip install torch==2.3.1
        CMD ["python", "-m", "scoring_server", "/srv/scoring/score.py"]
      `,
      'scoring/score.py': score,
      'scoring/registry/classifier/4/classifier.pt': Buffer.from([0x80, 0x02]),
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (directory): scoring',
    ]);
  });

  it('is weaker evidence when the repository lacks the folder the variable names', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        ENV MODEL_ROOT=/srv/scoring/registry/classifier/4
        COPY scoring /srv/scoring
        CMD ["python", "-m", "scoring_server", "/srv/scoring/score.py"]
      `,
      'scoring/score.py': score,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringContaining(
        'Dockerfile:3 model into image (directory): scoring → /srv/scoring, where ENV MODEL_ROOT=/srv/scoring/registry/classifier/4 (line 2) points scoring/score.py:6: the model is read from scoring/registry/classifier/4 (weaker evidence: the repository holds no model file there',
      ),
    ]);
  });

  it('says nothing when the variable names a folder outside what the image copies', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        ENV MODEL_ROOT=/mnt/models/classifier
        COPY scoring /srv/scoring
        CMD ["python", "-m", "scoring_server", "/srv/scoring/score.py"]
      `,
      'scoring/score.py': score,
    });
    expect(result.inImage).toEqual([]);
  });
});

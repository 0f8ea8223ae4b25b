import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A fitted pipeline serialised with dill (pickle for what plain pickle
 * cannot hold, such as lambdas) is a model file like a `.pkl`: copying it
 * into the image is Model-in-image.
 */
describe('a dill-serialised model copied into the image', () => {
  it('is Model-in-image, named by the COPY line', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.10-slim
        WORKDIR /app
        COPY requirements.txt serve.py /app/
        COPY pipeline/model.dill /app/pipeline/
        RUN pip install -r requirements.txt
        CMD ["gunicorn", "-b", "0.0.0.0:5000", "serve:app"]
      `,
      'requirements.txt': 'dill==0.3.8\nflask==3.0.3\ngunicorn==22.0.0\n',
      'pipeline/model.dill': 'fitted pipeline',
      'serve.py': text`
        import dill
        from flask import Flask

        with open("pipeline/model.dill", "rb") as f:
            MODEL = dill.load(f)

        app = Flask(__name__)
      `,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([expect.stringMatching(/^Dockerfile:4 /)]);
    expect(result.atStart).toEqual([]);
  });
});

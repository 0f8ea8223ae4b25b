import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image that copies a folder of the repository whole, and the server
 * loads a model file git holds in that folder by its path in the image.
 * The file's name does not say it is a model (`.sav`, a common name for a
 * pickled estimator); the load does, so the model is in the image.
 */

const tree = (copy: string, extra: Record<string, string | Buffer> = {}) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    ${copy}
    CMD ["gunicorn", "-b", "0.0.0.0:8080", "service:app"]
  `,
  'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\nscikit-learn==1.5.1\n',
  'web/service.py': text`
    import pickle
    from flask import Flask, jsonify, request

    app = Flask(__name__)

    @app.post("/score")
    def score():
        estimator = pickle.load(open("/srv/risk.sav", "rb"))
        return jsonify(p=float(estimator.predict_proba([request.json])[0][1]))
  `,
  'web/risk.sav': Buffer.from([0x80, 0x04, 0x95, 0x00, 0x2e]),
  // A script beside the copied folder reading the same file.
  'check.py': text`
    import pickle

    estimator = pickle.load(open("risk.sav", "rb"))
    print(estimator)
  `,
  ...extra,
});

describe('a COPY of a folder holding the committed file the server loads', () => {
  it('is Model-in-image, named by the COPY and the served load', () => {
    const result = releaseOf(tree('COPY ./web /srv'));
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (directory): ./web → /srv: the folder web of the build context, which holds web/risk.sav, the file web/service.py:8 loads as /srv/risk.sav',
    ]);
  });

  it('decides over a compose bind mount of the same folder', () => {
    const result = releaseOf(
      tree('COPY ./web /srv', {
        'docker-compose.yml': text`
          services:
            api:
              build: .
              volumes:
                - ./web:/srv
        `,
      }),
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:5 model into image (directory): ./web → /srv: the folder web of the build context, which holds web/risk.sav, the file web/service.py:8 loads as /srv/risk.sav',
    ]);
  });

  it('says nothing when the copy does not hold the loaded file', () => {
    const result = releaseOf(tree('COPY ./web/service.py /srv/'));
    expect(result.inImage).toEqual([]);
  });

  it('says nothing when only a module the image does not hold loads it', () => {
    const result = releaseOf({
      ...tree('COPY ./web /srv'),
      'web/service.py': text`
        from flask import Flask

        app = Flask(__name__)
      `,
      'check.py': text`
        import pickle

        estimator = pickle.load(open("/srv/risk.sav", "rb"))
      `,
    });
    expect(result.inImage).toEqual([]);
  });
});

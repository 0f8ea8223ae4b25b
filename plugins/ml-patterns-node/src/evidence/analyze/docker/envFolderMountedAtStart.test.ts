import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image of code only whose ENV points the variable the server reads its
 * model folder from at a folder the build never fills: the folder is
 * mounted when the container starts, and the model version is chosen by
 * another variable. The server's class loads the model through a method
 * called on an object the entry module builds.
 */

const tree = (dockerfile: string) => ({
  Dockerfile: dockerfile,
  'requirements.txt': 'scikit-learn\ntornado\n',
  'scorer/model.py': text`
    import os
    import pickle

    class Scorer:
        def __init__(self, threshold):
            self.threshold = threshold

        def restore(self, folder, version):
            with open(os.path.join(folder, version, "clf.pkl"), "rb") as f:
                self.clf = pickle.load(f)

        def score(self, rows):
            return self.clf.predict_proba(rows)[:, 1] > self.threshold
  `,
  'service/main.py': text`
    import json
    import os
    import tornado.ioloop
    import tornado.web
    from scorer.model import Scorer

    folder = os.getenv("ARTIFACT_DIR", "/data/artifacts")
    version = os.getenv("ARTIFACT_VERSION", "v3")
    scorer = Scorer(threshold=0.5)
    scorer.restore(folder, version)

    class Score(tornado.web.RequestHandler):
        def post(self):
            self.write({"flag": scorer.score(json.loads(self.request.body)).tolist()})

    if __name__ == "__main__":
        tornado.web.Application([(r"/score", Score)]).listen(8000)
        tornado.ioloop.IOLoop.current().start()
  `,
});

const mountedImage = text`
  FROM python:3.10-slim
  WORKDIR /srv
  COPY requirements.txt .
  RUN pip install -r requirements.txt
  COPY scorer scorer/
  COPY service service/
  ENV ARTIFACT_DIR=/data/artifacts
  CMD ["python", "service/main.py"]
`;

describe('an image whose ENV points the model folder outside everything it builds', () => {
  it('is Model-load on weaker evidence, naming the ENV line and the load', () => {
    const result = releaseOf(tree(mountedImage));
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^Dockerfile:7 ENV ARTIFACT_DIR=\/data\/artifacts points the model service\/main\.py:10 loads at a folder the image's build does not fill/,
      ),
    ]);
    expect(result.inImage).toEqual([]);
  });

  it('is not Model-load when the build copies something into that folder', () => {
    const result = releaseOf(
      tree(
        mountedImage.replace(
          'ENV ARTIFACT_DIR',
          'COPY artifacts /data/artifacts\nENV ARTIFACT_DIR',
        ),
      ),
    );
    expect(result.pattern).not.toBe('model-load');
  });

  it('is not Model-load when the build downloads into that folder', () => {
    const result = releaseOf(
      tree(
        mountedImage.replace(
          'ENV ARTIFACT_DIR',
          'RUN mkdir -p /data/artifacts/v3 && curl -o /data/artifacts/v3/clf.pkl https://models.example.com/clf.pkl\nENV ARTIFACT_DIR',
        ),
      ),
    );
    expect(result.pattern).not.toBe('model-load');
    expect(result.atStart).toEqual([]);
  });
});

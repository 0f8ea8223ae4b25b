import { detectReleasePattern } from '../../../engine/releasePattern';
import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import { makeInput } from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';

/**
 * A server that loads every model it finds in a folder serves as many
 * models as its image puts there: one, when each image running it copies
 * one model folder git does not hold.
 */

const SERVER = text`
  from pathlib import Path

  import joblib
  from flask import Flask, jsonify, request

  app = Flask(__name__)
  MODELS = {}
  for found in Path("/srv/models").glob("*/model.joblib"):
      MODELS[found.parent.name] = joblib.load(found)

  @app.post("/predict/<name>")
  def predict(name):
      return jsonify(MODELS[name].predict(request.json["rows"]).tolist())
`;

const image = (copies: string) => text`
  FROM python:3.11-slim
  RUN pip install flask==3.0.3 gunicorn==22.0.0 joblib==1.4.2
  WORKDIR /srv
  COPY server.py /srv/
  ${copies}
  CMD ["gunicorn", "-b", "0.0.0.0:8080", "server:app"]
`;

function judge(files: Record<string, string>) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
  return {
    verdict: check.verdict,
    at: check.evidence.map(e => `${e.path}:${e.line}`),
    release: detectReleasePattern(makeInput({ evidence })),
  };
}

describe('a server loading every model of a folder', () => {
  it('serves one model when each image running it copies one model folder', () => {
    const { verdict, at, release } = judge({
      'serving/server.py': SERVER,
      'serving/Dockerfile.churn': image(
        'COPY exported/churn /srv/models/churn',
      ),
      'serving/Dockerfile.upsell': image(
        'COPY exported/upsell /srv/models/upsell',
      ),
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(
      expect.arrayContaining([
        'serving/Dockerfile.churn:5',
        'serving/Dockerfile.upsell:5',
      ]),
    );
    expect(release.pattern).toBe('model-in-image');
    expect(release.modelInImage.map(e => `${e.path}:${e.line}`)).toEqual([
      'serving/Dockerfile.churn:5',
      'serving/Dockerfile.upsell:5',
    ]);
  });

  it('stays several models when an image copies two model folders', () => {
    const { verdict, at } = judge({
      'serving/server.py': SERVER,
      'serving/Dockerfile': image(
        'COPY exported/churn /srv/models/churn\nCOPY exported/upsell /srv/models/upsell',
      ),
    });
    expect(verdict).toBe('fail');
    expect(at).toContain('serving/server.py:9');
  });

  it('stays several models when the folder is not filled by the image (a volume at run time)', () => {
    const { verdict, at } = judge({
      'serving/server.py': SERVER,
      'serving/Dockerfile': image('VOLUME /srv/models'),
    });
    expect(verdict).toBe('fail');
    expect(at).toContain('serving/server.py:9');
  });
});

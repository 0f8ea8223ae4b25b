import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A script saves a hub model and its tokenizer into a folder git does not
 * hold; the image copies that folder; the server reads the same local
 * paths through a getter method of a settings object of the project
 * (a dataclass whose fields join the folder and the hub id). The model is
 * in the image (weaker evidence: the folder must be filled before the
 * build); nothing is downloaded at start.
 */

const tree = {
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY app/ ./app
    COPY store ./store
    CMD ["python", "app/server.py"]
  `,
  '.gitignore': '__pycache__/\nstore\n',
  'requirements.txt': 'transformers\ntorch\nflask\n',
  'app/settings.py': text`
    import os
    from dataclasses import dataclass

    @dataclass
    class Settings:
        hub_id: str = "acme/review-stars"
        classifier_dir: str = os.path.join("store", "classifier", hub_id)
        vocab_dir: str = os.path.join("store", "vocab", hub_id)

        def classifier_path(self) -> str:
            return self.classifier_dir

        def vocab_path(self) -> str:
            return str(self.vocab_dir)
  `,
  'app/fetch.py': text`
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from settings import Settings

    if __name__ == "__main__":
        s = Settings()
        AutoTokenizer.from_pretrained(s.hub_id).save_pretrained(s.vocab_path())
        AutoModelForSequenceClassification.from_pretrained(s.hub_id).save_pretrained(s.classifier_path())
  `,
  'app/stars.py': text`
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from settings import Settings

    class Stars:
        def __init__(self):
            self.settings = Settings()
            self.vocab = AutoTokenizer.from_pretrained(self.settings.vocab_path())
            self.net = AutoModelForSequenceClassification.from_pretrained(self.settings.classifier_path())

        def score(self, sentence):
            return int(self.net(**self.vocab(sentence, return_tensors="pt")).logits.argmax())
  `,
  'app/server.py': text`
    from flask import Flask, request
    from stars import Stars

    app = Flask(__name__)
    stars = Stars()

    @app.post("/score")
    def score():
        return {"stars": stars.score(request.json["text"])}

    if __name__ == "__main__":
        app.run(host="0.0.0.0", port=8080)
  `,
};

describe('a git-ignored folder a save script fills, read through a settings getter', () => {
  it('is Model-in-image on weaker evidence, naming the COPY and the load', () => {
    const result = releaseOf(tree);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^Dockerfile:6 model into image \(directory\): store → \/srv\/store.*app\/stars\.py:8 loads store\/classifier\/acme\/review-stars/,
      ),
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('is Model-load when the getter returns the hub id, downloaded when the server starts', () => {
    const result = releaseOf({
      ...tree,
      'app/settings.py': tree['app/settings.py']
        .replace('return self.classifier_dir', 'return self.hub_id')
        .replace('return str(self.vocab_dir)', 'return self.hub_id'),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toContain(
      'app/stars.py:8 transformers.AutoModelForSequenceClassification.from_pretrained downloads acme/review-stars',
    );
  });
});

import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A training module's model-building class (a pretrained backbone under a
 * new head) that only the module's `__main__` block builds: a server that
 * imports the module, or even the class without using it, never builds the
 * backbone; it serves the one trained model it loads itself.
 */
describe('loads in a class only a script block builds', () => {
  const tree = (serverLines: string) => ({
    Dockerfile: text`
      FROM python:3.12-slim
      COPY . /srv
      CMD ["gunicorn", "server:app"]
    `,
    'server.py': text`
      from flask import Flask
      from tensorflow import keras
      from builder import Classifier
      ${serverLines}

      app = Flask(__name__)
      net = keras.models.load_model("weights/trained.keras")
    `,
    'builder.py': text`
      from tensorflow import keras
      from tensorflow.keras.applications import MobileNetV2

      class Classifier:
          def __init__(self, classes):
              self.classes = classes

          def build(self):
              base = MobileNetV2(weights="imagenet", include_top=False)
              head = keras.layers.Dense(self.classes)
              return keras.Sequential([base, head])

      if __name__ == "__main__":
          model = Classifier(2).build()
          model.compile(optimizer="adam", loss="bce")
    `,
  });

  it('counts one model when the server imports the class but never builds it', () => {
    const { verdict, at } = allInOne(tree(''));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['server.py:7']);
  });

  it('counts the backbone when the server builds the class', () => {
    const { verdict, at } = allInOne(tree('fresh = Classifier(2).build()'));
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:3', 'builder.py:9', 'server.py:7']);
  });
});

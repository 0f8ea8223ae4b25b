import { text } from '../__testUtils__/files';
import { allInOneOf } from '../__testUtils__/allInOneOf';

/**
 * Engine classes kept in a collection keyed by name, one of them built by
 * the name configuration gives (`self.engines[conf["engine"]](…)`): the
 * process builds one engine, so the models their loaders name are
 * alternatives. Building every class of the collection (a loop over it)
 * loads them all.
 */

const ENGINES = text`
  import spacy
  import stanza

  class SpacyEngine:
      name = "spacy"

      def load(self):
          self.nlp = spacy.load("en_core_web_lg")

  class StanzaEngine:
      name = "stanza"

      def load(self):
          self.nlp = stanza.Pipeline("en", package="default")
`;

const PICKING_PROVIDER = text`
  import yaml

  from nlp.engines import SpacyEngine, StanzaEngine

  class Provider:
      def __init__(self, conf_file, engines=None):
          if engines is None:
              engines = (SpacyEngine, StanzaEngine)
          self.engines = {e.name: e for e in engines}
          with open(conf_file) as f:
              self.conf = yaml.safe_load(f)

      def create(self):
          engine_class = self.engines[self.conf["engine"]]
          engine = engine_class()
          engine.load()
          return engine
`;

const tree = (provider: string, engines = ENGINES) => ({
  Dockerfile: text`
    FROM python:3.12-slim
    COPY . /app
    WORKDIR /app
    CMD ["gunicorn", "app:app"]
  `,
  'conf.yaml': text`
    engine: spacy
  `,
  'app.py': text`
    from flask import Flask

    from nlp.provider import Provider

    app = Flask(__name__)
    engine = Provider("conf.yaml").create()

    @app.post("/analyze")
    def analyze():
        return engine.run()
  `,
  'nlp/__init__.py': '',
  'nlp/engines.py': engines,
  'nlp/provider.py': provider,
});

describe('engine classes in a collection keyed by name', () => {
  it('counts one model when configuration picks the class to build', () => {
    const { verdict, at, notes } = allInOneOf(tree(PICKING_PROVIDER));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['nlp/engines.py:8']);
    expect(notes[0]).toContain(
      'one of en_core_web_lg, en (classes of the collection picked by a key read at run time at nlp/provider.py:8: one runs)',
    );
  });

  it('follows a factory a library registry calls by the name a member writes', () => {
    const { verdict } = allInOneOf(
      tree(
        PICKING_PROVIDER,
        text`
          import spacy
          import stanza
          from spacy.util import registry

          class SpacyEngine:
              name = "spacy"

              def load(self):
                  self.nlp = spacy.load("en_core_web_lg")

          class StanzaEngine:
              name = "stanza"

              def load(self):
                  self.nlp = spacy.blank("en", config={"@tokenizers": "StanzaTok.v1"})

          @registry.tokenizers("StanzaTok.v1")
          def make_tokenizer():
              return stanza.Pipeline("en", package="default")
        `,
      ),
    );
    expect(verdict).toBe('pass');
  });

  it('counts every model when a loop builds every class of the collection', () => {
    const { verdict, at } = allInOneOf(
      tree(text`
        import yaml

        from nlp.engines import SpacyEngine, StanzaEngine

        class Provider:
            def __init__(self, conf_file, engines=None):
                if engines is None:
                    engines = (SpacyEngine, StanzaEngine)
                self.engines = {e.name: e for e in engines}
                with open(conf_file) as f:
                    self.conf = yaml.safe_load(f)

            def create(self):
                engine_class = self.engines[self.conf["engine"]]
                engine = engine_class()
                engine.load()
                for other_class in self.engines.values():
                    other = other_class()
                    other.load()
                return engine
      `),
    );
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'Dockerfile:4',
      'nlp/engines.py:8',
      'nlp/engines.py:14',
    ]);
  });
});

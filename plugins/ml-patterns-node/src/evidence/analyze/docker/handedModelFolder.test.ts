import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server hands a folder to the engine that loads from it
 * (`Speaker(models_dir=HERE / "voices" / "en")`); the engine loads the
 * model of the voice a request names from under that folder. The image
 * copies the folder in from the build context, whose entries git keeps
 * out (`/voices/*\/`, filled before the build): the models are in the
 * image, and nothing fetches one when the server starts.
 */

const files = (extra: Record<string, string> = {}) => ({
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /srv/app
    RUN pip install --no-cache-dir onnxruntime==1.18.0 flask==3.0.3
    COPY voices/ /srv/app/voices/
    COPY server.py speaker.py /srv/app/
    CMD ["python", "server.py"]
  `,
  '.gitignore': '__pycache__/\n/voices/*/\n',
  'voices/en/README.md': 'Put the English voices here before building.\n',
  'requirements.txt': 'onnxruntime==1.18.0\nflask==3.0.3\n',
  'speaker.py': text`
    from pathlib import Path
    import onnxruntime

    class Speaker:
        def __init__(self, models_dir):
            self.models_dir = Path(models_dir)
            self.sessions = {}

        def speak(self, voice, text):
            session = self.sessions.get(voice.name)
            if session is None:
                voice_dir = self.models_dir / voice.name
                session = onnxruntime.InferenceSession(str(voice_dir / "model.onnx"))
                self.sessions[voice.name] = session
            return session.run(None, {"text": text})
  `,
  'server.py': text`
    from pathlib import Path
    from flask import Flask, request
    from speaker import Speaker

    HERE = Path(__file__).parent
    VOICES = HERE / "voices"

    speaker = Speaker(models_dir=VOICES / "en")
    app = Flask(__name__)

    @app.post("/speak")
    def speak():
        return speaker.speak(request.args["voice"], request.get_data(as_text=True))

    if __name__ == "__main__":
        app.run(host="0.0.0.0", port=5000)
  `,
  ...extra,
});

describe('a folder the server hands to the code that loads its models', () => {
  it('is a model in the image when the image copies it in and git keeps its entries out', () => {
    const result = releaseOf(files());
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^Dockerfile:4 .*server\.py:8 loads voices\/en\/\{chosen at run time\}.*\.gitignore:2 keeps what voices\/en holds out of git/,
      ),
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('is not when git holds the folder as it is (nothing is filled before the build)', () => {
    const result = releaseOf(files({ '.gitignore': '__pycache__/\n' }));
    expect(result.inImage).toEqual([]);
  });

  it('is not when the folder is handed as an argument that does not name a folder', () => {
    const tree = files();
    tree['server.py'] = tree['server.py'].replace(
      'Speaker(models_dir=VOICES / "en")',
      'Speaker(VOICES / "en")',
    );
    expect(releaseOf(tree).inImage).toEqual([]);
  });
});

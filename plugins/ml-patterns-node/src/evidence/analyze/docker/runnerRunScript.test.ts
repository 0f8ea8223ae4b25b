import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A build step running a Python script through a project runner
 * (`uv run tools/warm.py`, `poetry run tools/warm.py`), with no
 * interpreter named, is read like `python tools/warm.py`: a script that
 * builds a hub model fills that library's cache in the image.
 */

const dockerfile = (step: string) => text`
  FROM python:3.12-slim
  WORKDIR /srv
  COPY pyproject.toml uv.lock ./
  RUN pip install uv && uv sync
  COPY tools tools/
  ${step}
  COPY app app/
  CMD ["uv", "run", "gunicorn", "-b", "0.0.0.0:9000", "app.api:app"]
`;

const api = text`
  import whisper
  from flask import Flask

  app = Flask(__name__)
  asr = None

  def ensure_model():
      global asr
      if asr is None:
          asr = whisper.load_model("small")
      return asr

  ensure_model()
`;

describe('a build step running a script through a project runner', () => {
  it.each(['uv run tools/warm.py', 'poetry run tools/warm.py'])(
    'puts the model in the image when the script builds it (RUN %s)',
    step => {
      const result = release({
        Dockerfile: dockerfile(`RUN ${step}`),
        'pyproject.toml': '[project]\nname = "asr"\nversion = "0.1.0"\n',
        'tools/warm.py': 'import whisper\n\nwhisper.load_model("small")\n',
        'app/api.py': api,
      });
      expect(result.pattern).toBe('model-in-image');
      expect(result.inImage).toEqual([
        'Dockerfile:6 model into image (download-in-build): runs tools/warm.py, which fetches from the whisper hub (tools/warm.py:3: whisper.load_model)',
      ]);
      expect(result.atStart).toEqual([]);
    },
  );

  it('leaves the download at start when the script run loads no model', () => {
    const result = release({
      Dockerfile: dockerfile('RUN uv run tools/warm.py'),
      'pyproject.toml': '[project]\nname = "asr"\nversion = "0.1.0"\n',
      'tools/warm.py': 'import compileall\n\ncompileall.compile_dir("app")\n',
      'app/api.py': api,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'app/api.py:10 whisper.load_model downloads small',
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A build step whose inline Python builds a model from a hub library
 * (`python -c "…WhisperModel('small')"`) downloads its weights into that
 * library's cache in the image; the server, loading the same name from the
 * same library at start, finds it there.
 */

const dockerfile = (oneLiner: string) => text`
  FROM python:3.11-slim
  WORKDIR /srv
  RUN pip install faster-whisper flask gunicorn
  RUN python -c "${oneLiner}"
  COPY server.py .
  CMD ["gunicorn", "-b", "0.0.0.0:8000", "server:app"]
`;

const server = text`
  import os
  from flask import Flask
  from faster_whisper import WhisperModel

  app = Flask(__name__)
  name = os.environ.get("ASR_MODEL") or "small"
  model = WhisperModel(name, device="cpu")
`;

describe('a build step building a hub model inline', () => {
  it('puts the model in the image: the server reads that cache', () => {
    const result = release({
      Dockerfile: dockerfile(
        "from faster_whisper import WhisperModel; WhisperModel('small', device='cpu')",
      ),
      'server.py': server,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:4 model into image (download-in-build): python -c builds a model from the faster_whisper hub (faster_whisper.WhisperModel small)',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('fetches nothing when the inline code loads no model', () => {
    const result = release({
      Dockerfile: dockerfile(
        'import faster_whisper; print(faster_whisper.__version__)',
      ),
      'server.py': server,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'server.py:7 faster_whisper.WhisperModel downloads ASR_MODEL',
    ]);
  });

  it('leaves a server loading from another library a download at start', () => {
    const result = release({
      Dockerfile: dockerfile(
        "from faster_whisper import WhisperModel; WhisperModel('small')",
      ),
      'server.py': text`
        import os
        from flask import Flask
        from transformers import pipeline

        app = Flask(__name__)
        asr = pipeline("automatic-speech-recognition", model=os.environ["ASR_MODEL"])
      `,
    });
    expect(result.pattern).toBe('mixed');
    expect(result.atStart).toEqual([
      expect.stringMatching(/^server\.py:6 transformers\.pipeline downloads/),
    ]);
  });
});

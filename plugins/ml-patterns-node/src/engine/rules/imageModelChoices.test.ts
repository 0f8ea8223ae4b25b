import { analyzeRepositoryFiles } from '../../evidence/analyze';
import { repo, text } from '../../evidence/analyze/__testUtils__/files';
import { makeInput } from '../__testUtils__/factories';
import { runCheck } from '../__testUtils__/runCheck';
import { oneModelPerServerRule } from './allInOne';

/**
 * An image whose build fetches several checkpoints and whose server loads
 * whichever one a request names holds several models in one container.
 */

function allInOne(fetched: string[]) {
  const evidence = analyzeRepositoryFiles(
    repo({
      Dockerfile: text`
        FROM python:3.11-slim
        COPY fetch.py /fetch.py
        RUN python /fetch.py
        COPY worker /app
        CMD ["python", "/app/worker.py"]
      `,
      'fetch.py': [
        'from faster_whisper import download_model',
        '',
        `for size in [${fetched.map(f => `"${f}"`).join(', ')}]:`,
        '    download_model(size)',
        '',
      ].join('\n'),
      'worker/worker.py': text`
        from fastapi import FastAPI
        from faster_whisper import WhisperModel

        app = FastAPI()

        @app.post("/transcribe")
        def transcribe(size: str, audio: str):
            return list(WhisperModel(size).transcribe(audio)[0])
      `,
    }),
  );
  const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
  return {
    verdict: check.verdict,
    at: check.evidence.map(e => `${e.path}:${e.line} ${e.note}`),
  };
}

describe('an image shipping several fetched models to one server', () => {
  it('is All-in-one when the build fetches several and the server loads the one asked for', () => {
    const { verdict, at } = allInOne(['small', 'medium', 'large-v3']);
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      "Dockerfile:3 the image's build fetches 3 models (small, medium, large-v3)",
      'worker/worker.py:8 faster_whisper.WhisperModel loads whichever of them it is given, in the one container',
    ]);
  });

  it('is not, from this, when the build fetches one model', () => {
    const { at } = allInOne(['small']);
    expect(at.some(a => a.includes("the image's build fetches"))).toBe(false);
  });
});

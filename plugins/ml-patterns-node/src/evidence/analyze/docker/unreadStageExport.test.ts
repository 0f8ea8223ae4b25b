import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A builder stage that saves models into a folder, copied into the image
 * with `COPY --from`, while the server loads its models by hub id when it
 * starts (into the library's default cache): the copied folder is never
 * read, so the model reaches the server at start.
 */

const saver = text`
  import os
  from transformers import pipeline

  TARGET = "/opt/asr_models"
  for language, repo in {"en": "acme/asr-small-en", "de": "acme/asr-small-de"}.items():
      asr = pipeline("automatic-speech-recognition", model=repo)
      asr.save_pretrained(os.path.join(TARGET, language))
`;

const worker = (load: string) => text`
  import runpod
  from transformers import pipeline

  asr = pipeline("automatic-speech-recognition", model=${load})

  def handler(job):
      return asr(job["input"]["audio"])

  runpod.serverless.start({"handler": handler})
`;

const dockerfile = (env = '') => text`
  FROM python:3.11-slim AS fetch
  RUN pip install transformers==4.44.0 torch==2.3.0
  COPY save_models.py /save_models.py
  RUN python /save_models.py

  FROM python:3.11-slim
  COPY --from=fetch /opt/asr_models /opt/asr_models${env}
  RUN pip install runpod==1.7.0 transformers==4.44.0 torch==2.3.0
  COPY worker.py /worker.py
  CMD ["python", "-u", "/worker.py"]
`;

describe('a stage export the server never reads', () => {
  it('is not a model in the image: the hub load at start decides', () => {
    const result = release({
      Dockerfile: dockerfile(),
      'save_models.py': saver,
      'worker.py': worker('"acme/asr-small-en"'),
    });
    expect(result.evidence.dockerfiles[0].modelsIntoImage).toEqual([
      expect.objectContaining({ line: 7, via: 'stage' }),
    ]);
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toContain(
      'worker.py:4 transformers.pipeline downloads acme/asr-small-en',
    );
  });

  it('stays evidence of a model in the image when the server reads the copied folder', () => {
    const result = release({
      Dockerfile: dockerfile(),
      'save_models.py': saver,
      'worker.py': worker('"/opt/asr_models/en"'),
    });
    expect(result.inImage).toEqual([
      'Dockerfile:7 model into image (stage): fetch:/opt/asr_models',
    ]);
  });

  it('stays evidence of a model in the image when the image points the hub cache at it', () => {
    const result = release({
      Dockerfile: dockerfile('\nENV HF_HOME=/opt/asr_models'),
      'save_models.py': saver,
      'worker.py': worker('"acme/asr-small-en"'),
    });
    expect(result.inImage).toEqual([
      'Dockerfile:7 model into image (stage): fetch:/opt/asr_models',
    ]);
  });
});

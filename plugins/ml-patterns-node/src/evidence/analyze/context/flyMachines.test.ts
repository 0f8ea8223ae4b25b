import { gatedReadinessRule } from '../../../engine/rules/modelLoad';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A Fly.io app whose machine is started with a script of the repository
 * (`[experimental] cmd`, or a `[processes]` group) instead of the image's
 * command: the script fills a mounted volume with the model when it lacks
 * it, then starts the server. The image holds code only: Model-load.
 */

const files = {
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /app
    RUN pip install fastapi==0.115.0 uvicorn==0.30.0 transformers==4.44.0
    COPY serve.py fetch_weights.py boot.sh ./
    CMD ["uvicorn", "serve:app", "--host", "0.0.0.0"]
  `,
  'fly.toml': text`
    app = 'summarizer'

    [experimental]
      cmd = ['./boot.sh']

    [[mounts]]
      source = 'weights'
      destination = '/data/weights'
  `,
  'boot.sh': text`
    #!/bin/sh
    if [ ! -f /data/weights/config.json ]; then
      python /app/fetch_weights.py
    fi
    exec uvicorn serve:app --host 0.0.0.0
  `,
  'fetch_weights.py': text`
    from huggingface_hub import snapshot_download

    snapshot_download("acme/summarizer-small", local_dir="/data/weights")
  `,
  'serve.py': text`
    from fastapi import FastAPI
    from transformers import pipeline

    app = FastAPI()
    summarize = pipeline("summarization", model="/data/weights")

    @app.post("/summarize")
    def run(body: dict):
        return summarize(body["text"])
  `,
};

describe('a Fly.io machine started with a script that fetches the model', () => {
  it('is Model-load: the evidence names the fetch and the fly.toml line that starts it', () => {
    const result = releaseOf(files);
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'fetch_weights.py:3 container summarizer downloads the model: huggingface_hub.snapshot_download in fetch_weights.py, run at start by boot.sh:3, which fly.toml:4 starts the machine with',
      'fetch_weights.py:3 huggingface_hub.snapshot_download downloads acme/summarizer-small',
    ]);
  });

  it('reads a [processes] group the same way', () => {
    const result = releaseOf({
      ...files,
      'fly.toml': text`
        app = 'summarizer'

        [processes]
          web = "sh boot.sh"
      `,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'fetch_weights.py:3 container web downloads the model: huggingface_hub.snapshot_download in fetch_weights.py, run at start by boot.sh:3, which fly.toml:4 starts the machine with',
      'fetch_weights.py:3 huggingface_hub.snapshot_download downloads acme/summarizer-small',
    ]);
  });

  it('finds nothing at start when the script only starts the server', () => {
    const result = releaseOf({
      ...files,
      'boot.sh': 'exec uvicorn serve:app --host 0.0.0.0\n',
    });
    expect(result.atStart).toEqual([]);
  });

  it('reports a fly.toml it cannot parse and goes on', () => {
    const result = releaseOf({
      ...files,
      'fly.toml': '[experimental\ncmd = [',
    });
    expect(result.atStart).toEqual([]);
    expect(result.evidence.problems).toEqual([
      expect.objectContaining({
        path: 'fly.toml',
        message: expect.stringMatching(/^invalid TOML/),
      }),
    ]);
  });
});

describe('a Fly.io machine whose start command fetches no model', () => {
  const app = {
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      RUN pip install fastapi==0.115.0 uvicorn==0.30.0 transformers==4.44.0
      COPY serve.py ./
    `,
    'fly.toml': text`
      app = 'summarizer'

      [processes]
        web = "uvicorn serve:app --host 0.0.0.0 --port 8080"

      [http_service]
        internal_port = 8080
        processes = ['web']
    `,
    'serve.py': text`
      from fastapi import FastAPI
      from transformers import pipeline

      app = FastAPI()
      summarize = pipeline("summarization", model="acme/summarizer-small")
    `,
  };

  it('adds no workload: the release is decided by the code it runs, and readiness stays unknown', () => {
    const result = releaseOf(app);
    expect(result.evidence.workloads).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'serve.py:5 transformers.pipeline downloads acme/summarizer-small',
    ]);
    const readiness = runCheck(
      gatedReadinessRule,
      makeInput({ evidence: makeEvidence(result.evidence) }),
    );
    expect(readiness.verdict).toBe('unknown');
  });

  it('still reads the process the machine starts', () => {
    const { evidence } = releaseOf(app);
    expect(
      evidence.servingProcesses?.map(p => [
        `${p.path}:${p.line}`,
        p.command,
        p.models.map(m => `${m.path}:${m.line}`),
      ]),
    ).toEqual([
      [
        'fly.toml:4',
        'uvicorn serve:app --host 0.0.0.0 --port 8080',
        ['serve.py:5'],
      ],
    ]);
  });
});

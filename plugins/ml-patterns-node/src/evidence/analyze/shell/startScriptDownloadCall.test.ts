import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A container start script that runs a download script before it starts
 * the server, where the download script calls a speech library's own
 * model-download method (`Manager().download_model(name)`): the models
 * arrive when the container starts (Model-load).
 */
describe('a start script running a script that calls a library model download', () => {
  const tree = (fetch: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /app
      COPY requirements.txt /app/
      RUN pip install -r requirements.txt
      COPY *.py *.sh /app/
      CMD bash run.sh
    `,
    'requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
    'run.sh': text`
      #!/bin/bash
      bash get_voices.sh $VOICE_MODEL
      python tts_server.py
    `,
    'get_voices.sh': fetch,
    'tts_server.py': text`
      import uvicorn
      from fastapi import FastAPI

      app = FastAPI()

      if __name__ == "__main__":
          uvicorn.run(app, host="0.0.0.0")
    `,
  });

  it('is Model-load, naming the line that downloads', () => {
    const result = release(
      tree(text`
        #!/bin/sh
        for name in $*; do
          python -c "from voicekit.hub import Manager; Manager().download_model('$name')"
        done
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(/^get_voices\.sh:3 .*model download call/),
    ]);
  });

  it('is no download when the script only lists what is installed', () => {
    const result = release(
      tree(text`
        #!/bin/sh
        python -c "from voicekit.hub import Manager; print(Manager().list_models())"
      `),
    );
    expect(result.atStart).toEqual([]);
  });
});

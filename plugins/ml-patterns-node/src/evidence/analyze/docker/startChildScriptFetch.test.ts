import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A Python start script that runs a cache-warming script in a child
 * process (`subprocess.run([sys.executable, "warm.py"])`) before it execs
 * the server: the models the child script downloads arrive when the
 * container starts (Model-load), with an image that holds only code.
 */
describe('a Python start script running a download script before the server', () => {
  const tree = (warm: string) => ({
    Dockerfile: text`
      FROM python:3.11-slim
      WORKDIR /srv
      COPY requirements.txt .
      RUN pip install -r requirements.txt
      COPY . .
      CMD ["python", "launch.py"]
    `,
    'requirements.txt':
      'fastapi==0.110.0\nuvicorn==0.29.0\nhuggingface_hub==0.23.0\n',
    'launch.py': text`
      import os
      import subprocess
      import sys

      def main():
          subprocess.run([sys.executable, "warm.py"], check=False)
          os.execvp(sys.executable, [sys.executable, "-m", "uvicorn", "server:app"])

      if __name__ == "__main__":
          main()
    `,
    'warm.py': warm,
    'server.py': text`
      from fastapi import FastAPI

      app = FastAPI()

      @app.get("/health")
      def health():
          return {"ok": True}
    `,
  });

  it('is Model-load, naming the download line of the child script', () => {
    const result = release(
      tree(text`
        import os
        from huggingface_hub import snapshot_download

        def warm():
            repo = os.getenv("CHAT_MODEL", "acme/chat-small")
            snapshot_download(repo_id=repo)

        warm()
      `),
    );
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(
        /^warm\.py:6 .*huggingface_hub\.snapshot_download \(run by launch\.py:6\) in warm\.py, run at start by Dockerfile:6/,
      ),
    ]);
  });

  it('fetches nothing when the child script downloads nothing', () => {
    const result = release(
      tree(text`
        import logging

        logging.basicConfig(level=logging.INFO)
        logging.info("warming up")
      `),
    );
    expect(result.atStart).toEqual([]);
    expect(result.pattern).not.toBe('model-load');
  });
});

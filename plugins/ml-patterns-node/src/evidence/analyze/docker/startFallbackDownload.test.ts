import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * An image whose build downloads the model file, started by a script that
 * downloads it again only if it is missing: in the built image the file
 * is always there, so the start-up download is a fallback that never
 * runs, not a second way the model arrives.
 */
const files = (guardedDownload: string) => ({
  Dockerfile: text`
    FROM ghcr.io/ggml-org/llama.cpp:server
    WORKDIR /srv
    RUN wget https://example.org/acme/resolve/main/chat-q4.gguf
    COPY start.sh /srv/
    ENTRYPOINT ["/srv/start.sh"]
  `,
  'start.sh': text`
    #!/bin/sh
    MODEL_URL="https://example.org/acme/resolve/main/chat-q4.gguf"
    MODEL_FILE="/srv/chat-q4.gguf"
    ${guardedDownload}
    exec /app/llama-server --model "$MODEL_FILE" --port 8080
  `,
});

describe('a start-up download of a file the build already holds, run only if it is missing', () => {
  it('is Model-in-image (if [ ! -f … ]; then …; fi)', () => {
    const result = releaseOf(
      files(text`
        if [ ! -f "$MODEL_FILE" ]; then
            echo "model missing, downloading"
            wget -O "$MODEL_FILE" "$MODEL_URL"
        else
            echo "model baked into the image"
        fi
      `),
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([expect.stringMatching(/^Dockerfile:3 /)]);
    expect(result.atStart).toEqual([]);
  });

  it('is Model-in-image ([ -f … ] || download)', () => {
    const result = releaseOf(
      files('[ -f "$MODEL_FILE" ] || wget -O "$MODEL_FILE" "$MODEL_URL"'),
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });

  it('stays mixed when the guarded file is not the one the build fetched', () => {
    const result = releaseOf(
      files(text`
        if [ ! -f /srv/other-q8.gguf ]; then
            wget -O /srv/other-q8.gguf https://example.org/acme/resolve/main/other-q8.gguf
        fi
      `),
    );
    expect(result.pattern).toBe('mixed');
    expect(result.atStart).toEqual([expect.stringMatching(/^start\.sh:5 /)]);
  });

  it('stays mixed when the download in the else arm runs while the file is there', () => {
    const result = releaseOf(
      files(text`
        if [ ! -f "$MODEL_FILE" ]; then
            echo "no model"
        else
            wget -O "$MODEL_FILE" "$MODEL_URL"
        fi
      `),
    );
    expect(result.pattern).toBe('mixed');
    expect(result.atStart).toEqual([expect.stringMatching(/^start\.sh:7 /)]);
  });
});

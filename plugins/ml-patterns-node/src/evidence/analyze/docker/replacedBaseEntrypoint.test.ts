import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An image built FROM a model server that sets no ENTRYPOINT of its own
 * starts with the server image's entrypoint script; copying a repository
 * script onto that path makes the repository's script the start. Here the
 * build archives one model into the image and the start script fetches
 * another archive before starting the server: both, so mixed.
 */

const startScript = text`
  #!/bin/bash
  set -e
  if [[ "$1" = "serve" ]]; then
      curl -fsSL -o /home/model-server/model-store/ranker.mar "$RANKER_MAR_URL"
      torchserve --start --model-store /home/model-server/model-store --models all
  else
      eval "$@"
  fi
  tail -f /dev/null
`;

const dockerfile = (copyStart: string) => text`
  FROM pytorch/torchserve:0.8.2-cpu
  COPY handler.py weights/encoder.pt /home/model-server/
  RUN torch-model-archiver --model-name encoder --version 1.0 \
    --serialized-file /home/model-server/encoder.pt \
    --handler /home/model-server/handler.py \
    --export-path /home/model-server/model-store
  ${copyStart}
  CMD ["serve"]
`;

const files = (copyStart: string) => ({
  Dockerfile: dockerfile(copyStart),
  'docker/start-server.sh': startScript,
  'handler.py': 'from ts.torch_handler.base_handler import BaseHandler\n',
  'weights/encoder.pt': Buffer.from('weights'),
});

describe("a server image's entrypoint replaced by a repository script", () => {
  it('reads the copied script as the start: its download is Model-load beside the baked model', () => {
    const result = release(
      files('COPY docker/start-server.sh /usr/local/bin/dockerd-entrypoint.sh'),
    );
    expect(result.pattern).toBe('mixed');
    expect(result.atStart).toEqual([
      'docker/start-server.sh:4 start-up step downloads the model: curl of a model: curl -fsSL -o /home/model-server/model-store/ranker.mar $RANKER_MAR_URL',
    ]);
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (download-in-build): torch-model-archiver packs /home/model-server/encoder.pt into /home/model-server/model-store/encoder.mar',
    ]);
  });

  it('leaves the start alone when the script is not copied onto the entrypoint', () => {
    const result = release(
      files('COPY docker/start-server.sh /home/model-server/start-server.sh'),
    );
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
  });
});

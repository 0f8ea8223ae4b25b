import { allInOneOf } from '../__testUtils__/allInOneOf';
import { text } from '../__testUtils__/files';

/**
 * One TorchServe started with `--models` written by a loop: `$(for m in
 * LIST; do echo $m=$m.mar; done)` loads one archive per item of the list.
 * A list given at build or start (`$MODELS`, the script's arguments) is
 * several models, however many it holds; a list written out is counted.
 */
const dockerfile = (command: string) => text`
  FROM pytorch/torchserve:0.11.0-cpu
  ARG MODELS
  COPY exports/*.pt /home/model-server/
  RUN for m in $MODELS; do torch-model-archiver --model-name $m --version 1.0 \
      --serialized-file $m.pt --handler image_classifier --export-path model-store; done
  COPY launch.sh /usr/local/bin/launch.sh
  ENV MODELS=\${MODELS}
  CMD ${command}
`;

const launch = (list: string) => text`
  #!/bin/bash
  set -e
  torchserve --start --ncs --model-store model-store \
    --models $(for m in ${list}; do echo $m=$m.mar; done)
  tail -f /dev/null
`;

describe('TorchServe --models written by a loop', () => {
  it('is several models when the loop walks a list given at start', () => {
    const result = allInOneOf({
      Dockerfile: dockerfile('["/usr/local/bin/launch.sh", "$MODELS"]'),
      'launch.sh': launch('$(echo $1 | xargs)'),
    });
    expect(result.verdict).toBe('fail');
    expect(result.at).toEqual(['launch.sh:3', 'launch.sh:3']);
    expect(result.notes[1]).toBe(
      'torchserve --models $m=$m.mar for every m in $(echo $1 | xargs): one model per item',
    );
  });

  it('counts the items of a list written out', () => {
    const several = allInOneOf({
      Dockerfile: dockerfile('["/usr/local/bin/launch.sh"]'),
      'launch.sh': launch('maize wheat'),
    });
    expect(several.verdict).toBe('fail');
    expect(several.notes.slice(1)).toEqual([
      'torchserve --models maize=maize.mar',
      'torchserve --models wheat=wheat.mar',
    ]);
    const one = allInOneOf({
      Dockerfile: dockerfile('["/usr/local/bin/launch.sh"]'),
      'launch.sh': launch('maize'),
    });
    expect(one.verdict).toBe('pass');
    expect(one.at).toContain('launch.sh:3');
  });
});

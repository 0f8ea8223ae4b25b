import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * An image that installs a model server itself (not built FROM one) and
 * starts it from a script: the folder the script points the server at
 * (`--model_base_path`, `--model-repository`, `--model-store`) is a model
 * the image holds when the Dockerfile copies that folder, or a folder
 * above it, in — even when the build context fills it only before
 * `docker build` (an export git does not hold).
 */

const image = (copy: string) => text`
  FROM ubuntu:22.04
  RUN apt-get update && apt-get install -y tensorflow-model-server
  WORKDIR /srv
  ${copy}
  COPY ./start.sh /srv/start.sh
  ENTRYPOINT ["/bin/bash", "/srv/start.sh"]
`;

const startScript = text`
  #!/usr/bin/env bash
  tensorflow_model_server \
      --model_name=ranker \
      --model_base_path=/srv/exported/ranker \
      --port=8500
`;

describe('a model server a start script points at a copied folder', () => {
  it('serves a model in the image: the evidence names the COPY and the script line', () => {
    const result = release({
      'serving/Dockerfile': image('COPY ./exported /srv/exported'),
      'serving/start.sh': startScript,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'serving/Dockerfile:4 model into image (directory): ./exported → /srv/exported, holding the model folder tensorflow_model_server reads (/srv/exported/ranker, serving/start.sh:2)',
    ]);
  });

  it('is not a model in the image when the copied folder is not where the server reads', () => {
    const result = release({
      'serving/Dockerfile': image('COPY ./docs /srv/docs'),
      'serving/start.sh': startScript,
    });
    expect(result.inImage).toEqual([]);
  });

  it('is not a model in the image when git holds the copied folder without the server folder, unless git ignores it', () => {
    const tree = {
      'serving/Dockerfile': image('COPY ./exported /srv/exported'),
      'serving/start.sh': startScript,
      'serving/exported/README.md': 'Exports land here.\n',
    };
    const mounted = release(tree);
    expect(mounted.inImage).toEqual([]);
    const ignored = release({
      ...tree,
      '.gitignore': 'serving/exported/ranker/\n',
    });
    expect(ignored.pattern).toBe('model-in-image');
    expect(ignored.inImage).toEqual([
      'serving/Dockerfile:4 model into image (directory): ./exported → /srv/exported, holding the model folder tensorflow_model_server reads (/srv/exported/ranker, serving/start.sh:2)',
    ]);
  });
});

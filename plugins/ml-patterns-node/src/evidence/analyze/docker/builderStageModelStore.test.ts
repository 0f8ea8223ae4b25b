import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * A builder stage takes the build context's model files in and lays them
 * out as a model server's repository with a script of the project; the
 * final image, built FROM the model server, copies that repository with
 * `COPY --from` into the folder the server reads. The copied folder is not
 * where the model files came in (the script made it), but it lands where
 * the server reads its models: the model is in the image.
 */

const dockerfile = (builderCopy: string) => text`
  FROM python:3.11-slim AS assemble
  WORKDIR /build
  COPY layout_repository.py .
  ${builderCopy}
  RUN python layout_repository.py --out /build/repository

  FROM nvcr.io/nvidia/tritonserver:24.01-py3
  COPY --from=assemble /build/repository /served
  CMD ["tritonserver", "--model-repository=/served"]
`;

const script = text`
  import shutil, sys
  shutil.copytree("weights", sys.argv[-1])
`;

describe('a builder stage filling a model server repository', () => {
  it('is Model-in-image: the evidence names the COPY --from into the served folder', () => {
    const result = release({
      Dockerfile: dockerfile('COPY weights /build/weights'),
      'layout_repository.py': script,
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage).toEqual([
      'Dockerfile:8 model into image (stage): assemble:/build/repository → /served, the model folder tritonserver reads (/served), from stage assemble (copied a model file in)',
    ]);
  });

  it('is not the image’s model when the builder stage took no model in', () => {
    const result = release({
      Dockerfile: dockerfile('COPY README.md /build/README.md'),
      'layout_repository.py': script,
      'README.md': 'Lays out a repository.\n',
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
  });
});

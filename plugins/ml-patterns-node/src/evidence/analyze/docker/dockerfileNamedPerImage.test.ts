import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * One Dockerfile per image, named `<image>Dockerfile` and built with
 * `docker build -f`: each copies weights that git keeps out (the folder only
 * holds a `.gitkeep`) and archives them into a TorchServe `.mar` during the
 * build. The model is in the image.
 */

const dockerfile = (kind: string) => text`
  FROM pytorch/torchserve:0.8.0-cpu
  COPY handler.py /home/model-server/
  COPY weights/${kind}/classifier.pth /home/model-server/
  RUN torch-model-archiver --model-name=classifier --version=1.0 \
    --serialized-file=/home/model-server/classifier.pth \
    --handler=/home/model-server/handler.py \
    --export-path=/home/model-server/model-store/
  CMD ["torchserve", "--start", "--model-store", "/home/model-server/model-store", "--models", "classifier.mar"]
`;

const files = {
  VisionDockerfile: dockerfile('vision'),
  'weights/vision/.gitkeep': '',
  'handler.py': text`
    from ts.torch_handler.base_handler import BaseHandler

    class Handler(BaseHandler):
        pass
  `,
};

describe('a Dockerfile named after its image', () => {
  it('is read as a Dockerfile: the weights it copies make it Model-in-image', () => {
    const result = release(files);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'VisionDockerfile:3 model into image (file): weights/vision/classifier.pth',
      'VisionDockerfile:4 model into image (download-in-build): torch-model-archiver packs /home/model-server/classifier.pth into /home/model-server/model-store//classifier.mar',
    ]);
    expect(result.atStart).toEqual([]);
  });

  it('reads a Containerfile with a suffix name the same way', () => {
    const result = release({
      'vision.Containerfile': files.VisionDockerfile,
      'weights/vision/.gitkeep': '',
      'handler.py': files['handler.py'],
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vision\.Containerfile:3 /),
      ]),
    );
  });
});

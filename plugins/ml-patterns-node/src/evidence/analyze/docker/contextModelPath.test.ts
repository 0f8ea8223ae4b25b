import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * `COPY . .` of a build context whose `.dockerignore` keeps out the
 * training folder and the weight files: the load of a checkpoint in a
 * training script of that folder says nothing of what the image holds,
 * and the server's own download at start decides.
 */
const tree = {
  Dockerfile: text`
    FROM python:3.11-slim
    WORKDIR /app
    COPY requirements.txt .
    RUN pip install -r requirements.txt
    COPY . .
    CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
  `,
  '.dockerignore': text`
    .git
    training/
    *.pt
  `,
  'requirements.txt': 'fastapi==0.115.0\ngdown==5.2.0\nultralytics==8.3.0\n',
  'training/check.py': text`
    from ultralytics import YOLO

    YOLO("runs/exp3/weights/best.pt").val()
  `,
  'serving/weights.py': text`
    import os
    import gdown
    from ultralytics import YOLO

    def get_model_file(name, drive_id, folder):
        return gdown.download(id=drive_id, output=os.path.join(folder, name))

    def detector(name, drive_id):
        path = os.path.join("cache", name)
        if not os.path.exists(path):
            path = get_model_file(name, drive_id, "cache")
        return YOLO(path)
  `,
  'main.py': text`
    import os
    from fastapi import FastAPI
    from serving.weights import detector

    app = FastAPI()
    model = detector(os.environ["DETECTOR"], os.environ["DETECTOR_DRIVE_ID"])
  `,
};

describe('a whole-context COPY whose .dockerignore keeps a training folder out', () => {
  it('is Model-load from the start-up download, not Model-in-image from the ignored training load', () => {
    const result = releaseOf(tree);
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'serving/weights.py:6 gdown.download downloads a model file in the code the serving process (uvicorn main:app --host 0.0.0.0) runs: it fetches the model when the server starts',
    ]);
  });

  it('still reads the training folder’s load as in the image when the build context ships it', () => {
    const result = releaseOf({ ...tree, '.dockerignore': '.git\n' });
    expect(result.inImage).toEqual([
      expect.stringMatching(
        /^Dockerfile:5 model into image \(directory\): \. → \/app: the build context, where training\/check\.py:3 loads runs\/exp3\/weights\/best\.pt/,
      ),
    ]);
  });
});

import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * Ultralytics fetches its released weights (`yolov8n.pt`) when given a
 * bare name that is not on disk: a download at start, unless the file is
 * in the image.
 */

const detector = text`
  from fastapi import FastAPI
  from ultralytics import YOLO

  app = FastAPI()
  detector = YOLO("yolov8s.pt")
`;

describe('a library release name loaded by its bare file name', () => {
  it('is downloaded at start when no such file is in the tree or image', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY . .
        RUN pip install -r requirements.txt
        CMD ["uvicorn", "detect:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt': 'ultralytics==8.3.0\nfastapi==0.115.0\n',
      'detect.py': detector,
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      'detect.py:5 ultralytics.YOLO downloads yolov8s.pt',
    ]);
    expect(result.inImage).toEqual([]);
  });

  it('is in the image when the file is in the build context the image copies', () => {
    const result = releaseOf({
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY . .
        RUN pip install -r requirements.txt
        CMD ["uvicorn", "detect:app", "--host", "0.0.0.0"]
      `,
      'requirements.txt': 'ultralytics==8.3.0\nfastapi==0.115.0\n',
      'detect.py': detector,
      'yolov8s.pt': Buffer.from([0x80, 0x02, 0x00]),
    });
    expect(result.pattern).toBe('model-in-image');
    expect(result.atStart).toEqual([]);
    expect(result.inImage.join('\n')).toContain('Dockerfile:3');
  });

  it('leaves a name of the project’s own weights to the tree', () => {
    const result = releaseOf({
      'detect.py': text`
        from fastapi import FastAPI
        from ultralytics import YOLO

        app = FastAPI()
        detector = YOLO("best.pt")
      `,
    });
    expect(result.atStart).toEqual([]);
  });
});

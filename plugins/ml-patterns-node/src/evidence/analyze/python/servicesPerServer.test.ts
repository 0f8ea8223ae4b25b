import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * What one server starts: a BentoML server only the service its target
 * names (among several a module defines), a Ray cluster every application
 * of its Serve config.
 */

/** Two services in one module, each with the runner of its own model, defined in another module. */
const twoServices = {
  'vision/__init__.py': '',
  'vision/runners.py': text`
    import bentoml
    import easyocr
    from ultralytics import YOLO


    class ReaderRunnable(bentoml.Runnable):
        SUPPORTED_RESOURCES = ("cpu",)

        def __init__(self):
            self.reader = easyocr.Reader(["en"])

        @bentoml.Runnable.method(batchable=False)
        def read(self, image):
            return self.reader.readtext(image)


    class DetectorRunnable(bentoml.Runnable):
        SUPPORTED_RESOURCES = ("cpu",)

        def __init__(self):
            self.model = YOLO("weights/detector.pt")

        @bentoml.Runnable.method(batchable=False)
        def detect(self, image):
            return self.model(image)


    reader = bentoml.Runner(ReaderRunnable, name="reader")
    detector = bentoml.Runner(DetectorRunnable, name="detector")
    RUNNERS = {"ocr": reader, "detect": detector}
  `,
  'vision/services.py': text`
    import bentoml
    from bentoml.io import Image, JSON

    from .runners import RUNNERS

    ocr_svc = bentoml.Service("ocr", runners=[RUNNERS["ocr"]])
    detect_svc = bentoml.Service("detect", runners=[RUNNERS["detect"]])


    @ocr_svc.api(input=Image(), output=JSON())
    def read(image):
        return RUNNERS["ocr"].read.run(image)


    @detect_svc.api(input=Image(), output=JSON())
    def detect(image):
        return RUNNERS["detect"].detect.run(image)
  `,
};

describe('a BentoML server starts the service it is told to serve', () => {
  it('counts each service a variable may name on its own', () => {
    const { verdict, at, evidence } = allInOne({
      ...twoServices,
      Dockerfile: text`
        FROM python:3.11-slim
        WORKDIR /srv
        COPY vision vision
        ARG SERVICE
        ENV SERVICE=$SERVICE
        CMD bentoml serve vision/services.py:\${SERVICE}
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['vision/runners.py:10', 'vision/runners.py:21']);
    expect(
      evidence.servingProcesses?.map(p => [
        p.command,
        p.models.map(m => `${m.path}:${m.line}`),
      ]),
    ).toEqual([
      [
        'bentoml serve vision/services.py:${SERVICE} (as ocr_svc)',
        ['vision/runners.py:10'],
      ],
      [
        'bentoml serve vision/services.py:${SERVICE} (as detect_svc)',
        ['vision/runners.py:21'],
      ],
    ]);
  });

  it('loads only the runners of the service a command names', () => {
    const { verdict, at } = allInOne({
      ...twoServices,
      Procfile: 'web: bentoml serve vision.services:detect_svc --port 3000\n',
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['vision/runners.py:21']);
  });

  it('loads only the runners of the service a bentofile names', () => {
    const { verdict, at } = allInOne({
      ...twoServices,
      'bentofile.yaml': 'service: "vision.services:ocr_svc"\n',
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['vision/runners.py:10']);
  });

  it('still counts every model of a module whose server is not told which service to start', () => {
    const { verdict, at } = allInOne({
      ...twoServices,
      'bentofile.yaml': 'service: "vision/services.py"\n',
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'bentofile.yaml:1',
      'vision/runners.py:10',
      'vision/runners.py:21',
    ]);
  });

  it('starts one new-style service class among several, with the services it depends on', () => {
    const files = {
      'service.py': text`
        import bentoml
        from faster_whisper import WhisperModel
        from transformers import pipeline


        @bentoml.service(resources={"gpu": 1})
        class Transcriber:
            def __init__(self):
                self.model = WhisperModel("large-v3")


        @bentoml.service
        class Summarizer:
            def __init__(self):
                self.pipe = pipeline("summarization", model="acme/summarizer-base")


        @bentoml.service
        class Meeting:
            transcriber = bentoml.depends(Transcriber)
            summarizer = bentoml.depends(Summarizer)
      `,
    };
    const alone = allInOne({
      ...files,
      Dockerfile:
        'FROM python:3.11\nCOPY . .\nCMD ["bentoml", "serve", "service:Transcriber"]\n',
    });
    expect(alone.verdict).toBe('pass');
    expect(alone.at).toEqual(['service.py:9']);

    const together = allInOne({
      ...files,
      Dockerfile:
        'FROM python:3.11\nCOPY . .\nCMD ["bentoml", "serve", "service:Meeting"]\n',
    });
    expect(together.verdict).toBe('fail');
    expect(together.at).toEqual([
      'Dockerfile:3',
      'service.py:9',
      'service.py:15',
    ]);
  });
});

/** Two Ray Serve applications, each a deployment loading its own model. */
const twoApplications = {
  'apps/__init__.py': '',
  'apps/caption/__init__.py': '',
  'apps/caption/app.py': text`
    from ray import serve
    from transformers import BlipForConditionalGeneration, BlipProcessor


    @serve.deployment(num_replicas=1)
    class Captioner:
        def __init__(self):
            self.processor = BlipProcessor.from_pretrained("acme/blip-small")
            self.model = BlipForConditionalGeneration.from_pretrained("acme/blip-small")


    captioner = Captioner.bind()
  `,
  'apps/sentiment/__init__.py': '',
  'apps/sentiment/app.py': text`
    from ray import serve
    from transformers import pipeline


    @serve.deployment
    class Sentiment:
        def __init__(self):
            self.classify = pipeline("text-classification", model="acme/sentiment-tiny")


    sentiment = Sentiment.bind()
  `,
};

describe('the applications of a Ray Serve config share one server group', () => {
  it('counts the models of every application a RayService deploys together', () => {
    const { verdict, at, notes } = allInOne({
      ...twoApplications,
      'deploy/rayservice.yaml': text`
        apiVersion: ray.io/v1
        kind: RayService
        metadata:
          name: media
        spec:
          serveConfigV2: |
            applications:
              - name: caption
                route_prefix: /caption
                import_path: apps.caption.app:captioner
              - name: sentiment
                route_prefix: /sentiment
                import_path: apps.sentiment.app:sentiment
          rayClusterConfig:
            headGroupSpec:
              rayStartParams: {}
              template:
                spec:
                  containers:
                    - name: head
                      image: registry.example/media:1.0
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'deploy/rayservice.yaml:7',
      'apps/caption/app.py:9',
      'apps/sentiment/app.py:8',
    ]);
    expect(notes[0]).toBe(
      'RayService media deploying caption (deploy/rayservice.yaml:8), sentiment (deploy/rayservice.yaml:11) loads 2 distinct models',
    );
  });

  it('counts the models of every application of a Serve config file', () => {
    const { verdict, at } = allInOne({
      ...twoApplications,
      'serve_config.yaml': text`
        proxy_location: EveryNode
        applications:
        - name: caption
          import_path: apps.caption.app:captioner
        - name: sentiment
          import_path: apps.sentiment.app:sentiment
      `,
    });
    expect(verdict).toBe('fail');
    expect(at).toEqual([
      'serve_config.yaml:2',
      'apps/caption/app.py:9',
      'apps/sentiment/app.py:8',
    ]);
  });

  it('is one model for a config deploying one application of one model', () => {
    const { verdict, at, notes } = allInOne({
      ...twoApplications,
      'serve_config.yaml': text`
        applications:
        - name: caption
          import_path: apps.caption.app:captioner
      `,
    });
    expect(verdict).toBe('pass');
    expect(at).toEqual(['apps/caption/app.py:9']);
    expect(notes[0]).toMatch(
      /^Ray Serve config deploying caption \(serve_config\.yaml:2\) loads one model: /,
    );
  });
});

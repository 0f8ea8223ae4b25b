import { text } from '../__testUtils__/files';
import { releaseOf as release } from '../__testUtils__/releaseOf';

/**
 * `COPY . /app` of a build context where the server reads a folder the
 * repository keeps out of git (`.gitignore`) and one of its scripts writes:
 * the model is in the image once that script ran before the build.
 */

const files = {
  Dockerfile: text`
    FROM python:3.12-slim
    WORKDIR /app
    COPY . /app
    RUN pip install -r requirements.txt
    CMD ["python", "/app/api.py"]
  `,
  '.gitignore': '.venv\n/finetuned/\n',
  'requirements.txt': 'transformers==4.44.0\nlitserve==0.2.7\n',
  'finetune.py': text`
    from transformers import AutoModelForSequenceClassification
    model = AutoModelForSequenceClassification.from_pretrained("acme/base-classifier")
    model.save_pretrained("finetuned")
  `,
  'api.py': text`
    import litserve as ls
    from transformers import AutoModelForSequenceClassification

    class Api(ls.LitAPI):
        def setup(self, device):
            self.model = AutoModelForSequenceClassification.from_pretrained("finetuned")

    if __name__ == "__main__":
        ls.LitServer(Api()).run(port=8000)
  `,
  // A runtime template passes an argument the server never reads, and no
  // InferenceService deploys it: nothing fetches a model at start.
  'deploy/runtime.yaml': text`
    apiVersion: serving.kserve.io/v1alpha1
    kind: ServingRuntime
    metadata:
      name: api-runtime
    spec:
      supportedModelFormats:
        - name: huggingface
      containers:
        - name: kserve-container
          image: registry.example.com/api:1
          args:
            - --model_dir=/mnt/models
  `,
};

const expectedNote =
  'Dockerfile:3 model into image (directory): . → /app: the build context, where api.py:6 loads finetuned (weaker evidence: finetuned is not in the repository, .gitignore:2 keeps it out of git, so the model is in the image only if it is put in the build context before the build)';

describe('a build context holding a git-ignored folder the server reads', () => {
  it('is Model-in-image on weaker evidence, naming the COPY and the .gitignore line', () => {
    const result = release(files);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([expectedNote]);
    expect(result.atStart).toEqual([]);
  });

  it('does not take a rule that ignores everything for one naming the folder', () => {
    const result = release({ ...files, '.gitignore': '/*\n!*.py\n' });
    expect(result.inImage).toEqual([]);
  });

  it('keeps a hub id that no .gitignore names a download at start', () => {
    const result = release({
      ...files,
      'api.py': files['api.py'].replace(
        '"finetuned"',
        '"acme/base-classifier"',
      ),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(/^api\.py:6 .*acme\/base-classifier/),
    ]);
  });

  it('is Model-load when the module reading the folder downloads into it at start', () => {
    const result = release({
      ...files,
      'api.py': text`
        import litserve as ls
        from huggingface_hub import snapshot_download
        from transformers import AutoModelForSequenceClassification

        class Api(ls.LitAPI):
            def setup(self, device):
                snapshot_download("acme/base-classifier", local_dir="finetuned")
                self.model = AutoModelForSequenceClassification.from_pretrained("finetuned")

        if __name__ == "__main__":
            ls.LitServer(Api()).run(port=8000)
      `,
    });
    expect(result.inImage).toEqual([]);
    expect(result.pattern).toBe('model-load');
    expect(result.atStart).toEqual([
      expect.stringMatching(/^api\.py:7 .*acme\/base-classifier/),
    ]);
  });

  it('is not in the image when .dockerignore keeps the folder out of the build', () => {
    const result = release({ ...files, '.dockerignore': 'finetuned\n' });
    expect(result.inImage).toEqual([]);
  });
});

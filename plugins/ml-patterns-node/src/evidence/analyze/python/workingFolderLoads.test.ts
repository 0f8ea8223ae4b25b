import { text } from '../__testUtils__/files';
import { releaseOf } from '../__testUtils__/releaseOf';

/**
 * A server that changes into its model folder and loads `"."`: it reads
 * that folder. When git keeps the folder out and the image copies the
 * whole build context, the model is in the image once it is fetched into
 * the context before the build.
 */

const files = {
  Dockerfile: text`
    FROM python:3.10-slim
    WORKDIR /opt/app
    COPY . /opt/app
    RUN pip install -r requirements.txt
    CMD exec seldon-core-microservice Summarizer --service-type MODEL
  `,
  '.gitignore': 'exported_model\n',
  'requirements.txt': 'seldon-core==1.17.1\nmlflow==2.14.1\n',
  'fetch_model.py': text`
    from mlflow.tracking import MlflowClient

    if __name__ == "__main__":
        MlflowClient().download_artifacts("0123abcd", "exported_model", ".")
  `,
  'Summarizer.py': text`
    import os
    from mlflow import pyfunc

    class Summarizer:
        def load(self):
            os.chdir("exported_model")
            self._model = pyfunc.load_model(".")
            os.chdir("..")

        def predict(self, X, features_names=None):
            return self._model.predict(X)
  `,
};

describe('a load after a change of working folder', () => {
  it('reads the folder changed into: Model-in-image on weaker evidence from COPY . of a git-ignored folder', () => {
    const result = releaseOf(files);
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({
        path: 'Summarizer.py',
        line: 7,
        target: 'exported_model',
      }),
    ]);
    expect(result.pattern).toBe('model-in-image');
    expect(result.inImage).toEqual([
      'Dockerfile:3 model into image (directory): . → /opt/app: the build context, where Summarizer.py:7 loads exported_model (weaker evidence: exported_model is not in the repository, .gitignore:1 keeps it out of git, so the model is in the image only if it is put in the build context before the build)',
    ]);
  });

  it('keeps the target as written when the folder change comes after the load', () => {
    const result = releaseOf({
      ...files,
      'Summarizer.py': files['Summarizer.py'].replace(
        '        os.chdir("exported_model")\n        self._model = pyfunc.load_model(".")',
        '        self._model = pyfunc.load_model(".")\n        os.chdir("exported_model")',
      ),
    });
    expect(result.evidence.modelLoaders).toEqual([
      expect.objectContaining({ path: 'Summarizer.py', target: '.' }),
    ]);
  });
});

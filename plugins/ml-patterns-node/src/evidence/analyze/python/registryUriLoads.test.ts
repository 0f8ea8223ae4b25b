import { releaseOf } from '../__testUtils__/releaseOf';

const dockerfile = [
  'FROM python:3.12-slim',
  'WORKDIR /srv',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY app/ app/',
  'CMD ["serve", "run", "app.serve:deployment"]',
  '',
].join('\n');

function server(load: string): string {
  return [
    'import mlflow',
    'from ray import serve',
    '',
    '@serve.deployment',
    'class Regressor:',
    '    def __init__(self):',
    '        self.model = None',
    '',
    '    def reconfigure(self, config: dict):',
    `        self.model = ${load}`,
    '',
    '    async def __call__(self, request):',
    '        return self.model.predict(await request.json())',
    '',
    'deployment = Regressor.bind()',
    '',
  ].join('\n');
}

describe('MLflow loads of a URI given only at run time', () => {
  it('is Model-load: a user_config URI is fetched from the tracking server when the deployment starts', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'requirements.txt': 'mlflow==2.17.0\nray[serve]==2.38.0\n',
      'app/serve.py': server('mlflow.sklearn.load_model(config["model_uri"])'),
    });
    expect(result.pattern).toBe('model-load');
    expect(result.inImage).toEqual([]);
    expect(result.atStart).toEqual([
      'app/serve.py:10 mlflow.sklearn.load_model downloads config["model_uri"]',
    ]);
  });

  it('stays unknown when the configuration names a local folder', () => {
    const result = releaseOf({
      Dockerfile: dockerfile,
      'app/serve.py': server('mlflow.sklearn.load_model(config["model_dir"])'),
    });
    expect(result.atStart).toEqual([]);
  });
});

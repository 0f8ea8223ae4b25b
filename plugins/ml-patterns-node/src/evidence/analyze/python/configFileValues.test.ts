import { text } from '../__testUtils__/files';
import { configFileValue } from './configFileValues';

/** Reads a configuration key from the files a module names, in a tree of files. */
function read(files: Record<string, string>, module: string, key: string) {
  return configFileValue(
    module,
    key,
    path => files[path],
    path => path in files,
  );
}

describe('a configuration key read from the file the module names', () => {
  const module = text`
    from omegaconf import OmegaConf
    settings = OmegaConf.load("conf/app.yaml")
  `;

  it('gives the value and its line, the file found from the repository root', () => {
    expect(
      read(
        {
          'src/api/serve.py': module,
          'conf/app.yaml': 'port: 80\nmodel:\n  path: artifacts/ranker\n',
        },
        'src/api/serve.py',
        'settings.model.path',
      ),
    ).toEqual({
      value: 'artifacts/ranker',
      at: { path: 'conf/app.yaml', line: 3 },
    });
  });

  it('reads `self.settings["model"]` through attributes the file does not hold', () => {
    expect(
      read(
        { 'serve.py': module, 'conf/app.yaml': 'model: artifacts/ranker\n' },
        'serve.py',
        'self.settings["model"]',
      )?.value,
    ).toBe('artifacts/ranker');
  });

  it('gives nothing when the files it names disagree, or none holds the key', () => {
    const both = text`
      import yaml
      dev = yaml.safe_load(open("dev.yaml"))
      prod = yaml.safe_load(open("prod.yaml"))
    `;
    expect(
      read(
        {
          'serve.py': both,
          'dev.yaml': 'model: a/dev\n',
          'prod.yaml': 'model: a/prod\n',
        },
        'serve.py',
        'config.model',
      ),
    ).toBeUndefined();
    expect(
      read(
        { 'serve.py': module, 'conf/app.yaml': 'port: 80\n' },
        'serve.py',
        'settings.model',
      ),
    ).toBeUndefined();
  });
});

import { text } from '../__testUtils__/files';
import { PythonModule } from './pythonModule';
import { PythonProject } from './pythonProject';
import { ValueReader } from './values';

describe('PythonModule', () => {
  const module = new PythonModule(
    'app/model.py',
    text`
      import os, joblib as jb
      import torch.nn.functional as F
      from .config import settings as cfg
      from ..shared import (
          paths,
          MODEL_DIR,
      )

      DEFAULT = "models/a.pkl"


      class Scorer(Base):
          threshold: float = 0.5

          def __init__(self, path, *, device="cpu"):
              self.model = jb.load(path)

          async def score(self, rows):
              for row in rows:
                  yield self.model.predict(row)


      try:
          fallback = jb.load(DEFAULT)
      except FileNotFoundError:
          fallback = None

      if __name__ == "__main__":
          Scorer(os.environ["MODEL"])
    `,
  );

  it('reads imports, relative ones with their dots', () => {
    expect(
      module.imports.map(i => [i.local, i.module, i.name, i.line]),
    ).toEqual([
      ['os', 'os', undefined, 1],
      ['jb', 'joblib', undefined, 1],
      ['F', 'torch.nn.functional', undefined, 2],
      ['cfg', '.config', 'settings', 3],
      ['paths', '..shared', 'paths', 4],
      ['MODEL_DIR', '..shared', 'MODEL_DIR', 4],
    ]);
  });

  it('reads classes, methods and their parameters (self and keyword-only apart)', () => {
    const [scorer] = module.classes;
    expect(scorer.name).toBe('Scorer');
    expect(scorer.bases).toEqual(['Base']);
    const init = scorer.methods.get('__init__')!;
    expect(init.params.map(p => [p.name, p.index])).toEqual([
      ['path', 0],
      ['device', -1],
    ]);
    expect(init.owner).toBe(scorer);
  });

  it('reads assignments with their scope: module, class body, method', () => {
    expect(
      module.assignments.map(a => [
        a.target,
        a.kind,
        a.line,
        a.fn?.name,
        a.cls?.name,
      ]),
    ).toEqual([
      ['DEFAULT', 'assign', 9, undefined, undefined],
      ['threshold', 'assign', 13, undefined, 'Scorer'],
      ['self.model', 'assign', 16, '__init__', undefined],
      ['row', 'for', 19, 'score', undefined],
      ['fallback', 'assign', 24, undefined, undefined],
      ['fallback', 'assign', 26, undefined, undefined],
    ]);
  });

  it('reads each call with its context: function, bound name, try arm, loop, __main__ block', () => {
    const calls = module.calls.map(c => ({
      call: c.dotted,
      line: c.line,
      fn: c.fn?.name,
      bound: c.bound,
      arms: c.arms.map(a => a.arm),
      loops: c.loops.flatMap(l => l.names),
      main: c.inMainGuard,
    }));
    expect(calls).toEqual([
      {
        call: 'jb.load',
        line: 16,
        fn: '__init__',
        bound: 'self.model',
        arms: [],
        loops: [],
        main: false,
      },
      {
        call: 'self.model.predict',
        line: 20,
        fn: 'score',
        bound: undefined,
        arms: [],
        loops: ['row'],
        main: false,
      },
      {
        call: 'jb.load',
        line: 24,
        fn: undefined,
        bound: 'fallback',
        arms: [0],
        loops: [],
        main: false,
      },
      {
        call: 'Scorer',
        line: 29,
        fn: undefined,
        bound: undefined,
        arms: [0],
        loops: [],
        main: true,
      },
    ]);
    expect(module.mainGuardLine).toBe(28);
  });

  it('survives broken code: a tree with error nodes, never an exception', () => {
    const broken = new PythonModule(
      'broken.py',
      'def f(:\n  x = joblib.load("a.pkl"\nclass\n"""unterminated',
    );
    expect(broken.calls.map(c => c.dotted)).toEqual(['joblib.load']);
  });
});

describe('ValueReader', () => {
  const files: Record<string, string> = {
    'svc/settings.py': text`
      import os
      from pydantic_settings import BaseSettings


      class Settings(BaseSettings):
          class Config:
              env_prefix = "SVC_"

          model_path: str = "models/default.onnx"
          labels: str


      settings = Settings()
      DATA_DIR = os.getenv("DATA_DIR", "/data")
    `,
    'svc/main.py': text`
      import os
      from pathlib import Path

      from svc.settings import DATA_DIR, settings

      a = settings.model_path
      b = os.path.join(DATA_DIR, "scaler.pkl")
      c = Path(__file__).parent / "weights" / "net.pt"
      d = f"{DATA_DIR}/{os.environ['NAME']}.bin"
      e = os.environ.get("X") or "fallback.pkl"
      f = config["model"]["path"]
      g = args.checkpoint
    `,
  };
  const project = new PythonProject(
    new Set(Object.keys(files)),
    path => files[path],
  );
  const reader = new ValueReader(project);
  const main = project.module('svc/main.py')!;
  const valueOf = (name: string) => {
    const [assignment] = main.moduleAssignments(name);
    const value = reader.read(assignment.value, {
      module: main,
      loops: [],
      at: assignment.from,
    });
    return {
      literals: value.literals,
      keys: value.keys.map(
        k =>
          `${k.env ? 'env' : 'config'}:${k.key}${k.partial ? ' (part)' : ''}`,
      ),
    };
  };

  it('reads a settings field as its environment variable, with its default', () => {
    expect(valueOf('a')).toEqual({
      literals: ['models/default.onnx'],
      keys: ['env:SVC_MODEL_PATH'],
    });
  });

  it('joins paths, keeping an env var naming a folder as part of the name', () => {
    expect(valueOf('b')).toEqual({
      literals: ['/data/scaler.pkl'],
      keys: ['env:DATA_DIR (part)'],
    });
    // Relative to the module's folder.
    expect(valueOf('c')).toEqual({
      literals: ['weights/net.pt'],
      keys: [],
    });
    expect(valueOf('d')).toEqual({
      literals: ['/data/{NAME}.bin'],
      keys: ['env:DATA_DIR (part)', 'env:NAME (part)'],
    });
  });

  it('reads alternatives and configuration objects', () => {
    expect(valueOf('e')).toEqual({
      literals: ['fallback.pkl'],
      keys: ['env:X'],
    });
    expect(valueOf('f')).toEqual({
      literals: [],
      keys: ['config:config["model"]["path"]'],
    });
    expect(valueOf('g')).toEqual({
      literals: [],
      keys: ['config:args.checkpoint'],
    });
  });
});

import {
  ancestorsOf,
  baseName,
  dirName,
  extensionOf,
  isIgnoredPath,
} from './paths';

/** Extensions that are model artifacts wherever they are. */
const MODEL_EXTENSIONS = new Set([
  '.pkl',
  '.pickle',
  '.joblib',
  // dill pickles what plain pickle cannot (lambdas in a fitted pipeline).
  '.dill',
  '.onnx',
  '.pt',
  '.pth',
  '.h5',
  '.hdf5',
  '.keras',
  '.pb',
  '.tflite',
  '.safetensors',
  '.gguf',
  '.ckpt',
  '.mar',
  '.mlmodel',
  '.pmml',
  '.cbm',
  '.xgb',
  '.lgb',
]);

/** Extensions that are models only in a model-ish place (too generic otherwise). */
const AMBIGUOUS_EXTENSIONS = new Set(['.bin', '.model']);

/** A folder or file name that says "model artefacts live here". */
export const MODELISH_NAME =
  /(^|[_.-])(models?|weights?|checkpoints?|ckpts?|artifacts?|pretrained|saved_models?|trained_models?|onnx|hf|huggingface)($|[_.-])/i;

/**
 * Is this path a model artifact? `.bin`/`.model` count only inside a
 * model-ish folder, with a model-ish name, or next to a `config.json`
 * (Hugging Face layout); `hasSibling` tells whether a file exists.
 */
export function isModelFilePath(
  path: string,
  hasFile?: (path: string) => boolean,
): boolean {
  const ext = extensionOf(path);
  if (MODEL_EXTENSIONS.has(ext)) return true;
  if (!AMBIGUOUS_EXTENSIONS.has(ext)) return false;
  const name = baseName(path);
  if (MODELISH_NAME.test(name.slice(0, name.length - ext.length))) return true;
  const dir = dirName(path);
  if (dir.split('/').some(segment => MODELISH_NAME.test(segment))) return true;
  const config = dir ? `${dir}/config.json` : 'config.json';
  return hasFile ? hasFile(config) : false;
}

/** Folders of test data: models there are fixtures, not served models. */
const TEST_FIXTURE_FOLDER =
  /^(tests?|testing|test[_-]?data|test[_-]?resources|fixtures?|__fixtures__|example[_-]?models?)$/i;

/** Model files committed to the tree, and the folders that hold them. */
export class ModelFileIndex {
  readonly files: string[];
  private readonly holdingDirs = new Set<string>();

  constructor(paths: string[], hasFile: (path: string) => boolean) {
    this.files = paths.filter(
      path => !isIgnoredPath(path) && isModelFilePath(path, hasFile),
    );
    for (const file of this.files) {
      for (const dir of ancestorsOf(file)) this.holdingDirs.add(dir);
    }
  }

  /** Does this folder (`` = root) hold a model file at any depth? */
  dirHoldsModel(dir: string): boolean {
    return this.holdingDirs.has(dir);
  }

  /** Model files under a folder. */
  filesUnder(dir: string): string[] {
    if (!this.dirHoldsModel(dir)) return [];
    return this.files.filter(f => dir === '' || f.startsWith(`${dir}/`));
  }

  /**
   * Model files under a folder that are not test fixtures: a folder copied
   * whole into an image also brings the small models its tests load
   * (`tests/`, `fixtures/`, `example_models/` below the copied folder), and
   * those are not what the server serves.
   */
  servedFilesUnder(dir: string): string[] {
    return this.filesUnder(dir).filter(
      f =>
        !(dir === '' ? f : f.slice(dir.length + 1))
          .split('/')
          .slice(0, -1)
          .some(segment => TEST_FIXTURE_FOLDER.test(segment)),
    );
  }
}

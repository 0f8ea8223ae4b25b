import type { ModelTrainingFacts, RepositoryEvidence } from '../types';
import type { RepositoryFile } from '../facts/sourceLines';
import { isNotebook, isPythonFile } from './fileKinds';
import { ModelFileIndex } from './modelFiles';
import { extensionOf, isIgnoredPath } from './paths';
import { firstTrainingCallLine } from './python/trainingCalls';
import type { RepositoryContextFiles } from './repositoryContext/RepositoryContextFiles';
import { relativeToScope } from './repositoryContext/relativeToScope';

/**
 * Smaller files are placeholders or pointers (an empty `model.pkl`, a Git
 * LFS pointer of ~130 bytes), not trained weights the repository ships.
 */
const MIN_MODEL_BYTES = 256;

/** Languages models are trained in whose code is not read: they may train one. */
const UNREAD_TRAINING_LANGUAGES = new Set(['.r', '.rmd', '.jl']);

function trainingPlace(
  files: RepositoryFile[],
): ModelTrainingFacts['trainedAt'] {
  let mayTrain: ModelTrainingFacts['trainedAt'];
  for (const file of files) {
    if (isIgnoredPath(file.path)) continue;
    if (isPythonFile(file.path)) {
      if (!file.content) {
        mayTrain ??= {
          path: file.path,
          note: 'Python module not read (over the size cap); it may train the model',
        };
        continue;
      }
      const line = firstTrainingCallLine(file.content.toString('utf8'));
      if (line !== undefined) {
        return { path: file.path, line, note: 'trains a model' };
      }
    } else if (isNotebook(file.path)) {
      mayTrain ??= {
        path: file.path,
        note: 'notebook, which may train the model',
      };
    } else if (UNREAD_TRAINING_LANGUAGES.has(extensionOf(file.path))) {
      mayTrain ??= { path: file.path, note: 'code that may train the model' };
    }
  }
  return mayTrain;
}

/**
 * Code elsewhere in the repository around a scored folder that may train
 * its model: a Python module (not read there), a notebook, an R script.
 */
function codeAround(
  repository: RepositoryContextFiles,
): ModelTrainingFacts['trainedAt'] {
  const code = trainingFirst(repository.files).find(
    file =>
      !isIgnoredPath(file.path) &&
      (isPythonFile(file.path) ||
        isNotebook(file.path) ||
        UNREAD_TRAINING_LANGUAGES.has(extensionOf(file.path))),
  );
  return code
    ? {
        path: relativeToScope(repository.scope, code.path),
        note: 'code elsewhere in the repository, which may train the model',
      }
    : undefined;
}

/** A file named for training (`train.py`, `training/…`, `fit_model.py`). */
const TRAINING_NAME = /train|fit/i;

/**
 * Files by path, those named for training first: the search stops at the
 * first training call, and most repositories that train name the script so.
 */
function trainingFirst(files: RepositoryFile[]): RepositoryFile[] {
  const byPath = (a: RepositoryFile, b: RepositoryFile) =>
    a.path < b.path ? -1 : 1;
  const named = files.filter(file => TRAINING_NAME.test(file.path));
  const others = files.filter(file => !TRAINING_NAME.test(file.path));
  return [...named.sort(byPath), ...others.sort(byPath)];
}

/**
 * Whether the trained models committed to a repository come with code that
 * trains them: "a model provided without the code and data that made it"
 * is the Only-me anti-pattern's first case. Read when the folder commits
 * a model other than a test fixture or a placeholder; training code is
 * looked for in the whole repository (of a folder's model, also around the
 * folder), and cannot be told when the listing around it is incomplete.
 */
export function modelTrainingFacts(
  files: RepositoryFile[],
  evidence: RepositoryEvidence,
  repository?: RepositoryContextFiles,
): ModelTrainingFacts | undefined {
  if (evidence.modelFiles.length === 0 || repository?.truncated) {
    return undefined;
  }
  const sizes = new Map<string, number>();
  for (const file of files) sizes.set(file.path, file.size);
  const index = new ModelFileIndex(evidence.modelFiles, path =>
    sizes.has(path),
  );
  const models = index
    .servedFilesUnder('')
    .filter(path => (sizes.get(path) ?? 0) >= MIN_MODEL_BYTES)
    .sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  if (models.length === 0) return undefined;
  return {
    models,
    trainedAt:
      trainingPlace(trainingFirst(files)) ??
      (repository && codeAround(repository)),
  };
}

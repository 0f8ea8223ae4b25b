import type { ModelTrainingFacts, RepositoryEvidence } from '../types';
import type { RepositoryFile } from '../facts/sourceLines';
import { isNotebook, isPythonFile } from './fileKinds';
import { ModelFileIndex } from './modelFiles';
import { extensionOf, isIgnoredPath } from './paths';
import { firstTrainingCallLine } from './python/trainingCalls';

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
 * Whether the trained models committed to a repository come with code that
 * trains them: "a model provided without the code and data that made it"
 * is the Only-me anti-pattern's first case. Read only when the files are
 * the whole repository (the training code of a folder's model may be
 * elsewhere in it) and it commits a model other than a test fixture or a
 * placeholder.
 */
export function modelTrainingFacts(
  files: RepositoryFile[],
  evidence: RepositoryEvidence,
  scope: string,
): ModelTrainingFacts | undefined {
  if (scope !== '' || evidence.modelFiles.length === 0) return undefined;
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
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { models, trainedAt: trainingPlace(sorted) };
}

import { ModelIntoImage, ModelLoaderFacts } from '../../types';
import { ParsedStage, workdirAt } from '../dockerfile';
import { baseName } from '../paths';
import type { ScriptSave } from '../python/scriptSaves';
import { BuiltImage } from './BuiltImage';
import { pythonScriptOf, runCommands } from './imageCommands';
import { normaliseImagePath } from './imagePaths';
import { shippedStages } from './stageLineage';

/** The file name a path ends in (`models/model.pkl` → `model.pkl`). */
const fileName = (path: string) => baseName(path.replace(/(?<!\/)\/+$/, ''));

/**
 * Models a build step makes: a RUN step of a stage whose content ends up
 * in the final image (its lineage, or a stage it copies from, however many
 * stages the output passes through) runs a script of the repository that
 * saves an artifact under the name a model load of the repository reads
 * (`RUN python train.py` writing `model.pkl`, which the server loads; a
 * script fetching a model and saving it under a name of its own). The
 * model is made by the build and shipped in the image, even though git
 * never holds it. What the script saves decides, not its name.
 */
export function trainedInBuild(
  image: BuiltImage,
  loaders: readonly ModelLoaderFacts[],
): ModelIntoImage[] {
  const loaded = new Map<string, ModelLoaderFacts>();
  for (const loader of loaders) {
    if (
      loader.role !== 'model' ||
      loader.inServingCode === false ||
      loader.downloads ||
      !loader.target
    )
      continue;
    const name = fileName(loader.target);
    if (name && !loaded.has(name)) loaded.set(name, loader);
  }
  if (loaded.size === 0) return [];
  const found: ModelIntoImage[] = [];
  for (const index of shippedStages(image.parsed)) {
    const stage = image.parsed.stages[index];
    for (const run of stage.run) {
      for (const { script, save } of runSaves(image, stage, run)) {
        const loader = loaded.get(fileName(save.name));
        // A script reloading what it just saved (to evaluate it) is not the server.
        if (!loader || loader.path === save.path) continue;
        found.push({
          path: image.path,
          line: run.line,
          via: 'download-in-build',
          source: `the build runs ${script}, which saves ${save.name} (${save.path}:${save.line}: ${save.call}), the file ${loader.path}:${loader.line} loads (${loader.call})`,
        });
        break;
      }
    }
  }
  return found;
}

/** What the repository's Python scripts a RUN step runs save, each with where it lands in the image. */
export function runSaves(
  image: BuiltImage,
  stage: ParsedStage,
  run: { command: string; line: number },
): Array<{ script: string; save: ScriptSave; imagePath: string }> {
  if (!/\bpython|\.py\b/.test(run.command)) return [];
  const cwd = workdirAt(stage, run.line);
  const found: Array<{ script: string; save: ScriptSave; imagePath: string }> =
    [];
  for (const { command } of runCommands(image, stage, run)) {
    const written = pythonScriptOf(command);
    const script = written && image.repoPathOf(stage, written, run.line);
    if (!script) continue;
    for (const save of image.scriptSaves(script))
      found.push({
        script,
        save,
        imagePath: normaliseImagePath(
          save.name.startsWith('/') ? save.name : `${cwd}/${save.name}`,
        ),
      });
  }
  return found;
}

import type { ModelLoaderFacts, SourceLine } from '../../types';
import { ParsedDockerfile, ParsedStage } from '../dockerfile';
import { copyDestination, overlapsImagePath } from './imagePaths';
import { modelServerOfImage } from './modelServerImage';

/**
 * The image sets the variable its server reads the model location from
 * (`ENV MODELS_PATH=/mnt/vol/models`, read by `os.getenv("MODELS_PATH")`)
 * to an absolute folder that nothing of its build fills: no COPY/ADD puts
 * anything there, no RUN names it, no WORKDIR is in it. The model is put
 * there when the container starts (a mounted volume): Model-load, on
 * weaker evidence than a download seen at start. An image built on a
 * model server is read by the model-server rules instead.
 */

/** The final stage and the earlier stages it is built on, last first. */
function lineage(parsed: ParsedDockerfile): ParsedStage[] {
  const chain: ParsedStage[] = [];
  let stage: ParsedStage | undefined = parsed.stages[parsed.stages.length - 1];
  while (stage && chain.length < parsed.stages.length) {
    chain.push(stage);
    stage =
      stage.parent === undefined ? undefined : parsed.stages[stage.parent];
  }
  return chain;
}

/** Whether the image's build ships the loading module (a COPY of its folder or of the whole context). */
function shipsModule(chain: ParsedStage[], module: string): boolean {
  return chain.some(stage =>
    stage.copies.some(
      copy =>
        !copy.from &&
        copy.sources.some(source => {
          const folder = source.trim().replace(/^\.\//, '').replace(/\/$/, '');
          return (
            folder === '.' ||
            folder === '' ||
            module === folder ||
            module.startsWith(`${folder}/`)
          );
        }),
    ),
  );
}

function fills(chain: ParsedStage[], folder: string): boolean {
  return chain.some(
    stage =>
      stage.copies.some(copy =>
        overlapsImagePath(copyDestination(stage, copy), folder),
      ) ||
      stage.run.some(run => run.command.includes(folder)) ||
      stage.workdirAt.some(
        w => w.dir !== '/' && overlapsImagePath(w.dir, folder),
      ),
  );
}

export function envFolderMountedAtStart(
  dockerfile: string,
  parsed: ParsedDockerfile,
  loaders: readonly ModelLoaderFacts[],
): Array<SourceLine & { description: string }> {
  const chain = lineage(parsed);
  const root = chain[chain.length - 1];
  if (!root || modelServerOfImage(root.baseImage)) return [];
  for (const loader of loaders) {
    const key = loader.configKey;
    if (
      key === undefined ||
      loader.inServingCode === false ||
      loader.downloads ||
      loader.fetchedBy !== undefined
    )
      continue;
    // The last ENV of the variable is the one the server sees.
    const env = chain
      .map(stage => stage.env.filter(e => e.name === key).pop())
      .find(e => e !== undefined);
    const folder = env?.value.trim();
    if (!env || !folder?.startsWith('/') || folder === '/') continue;
    if (folder.includes('$') || !shipsModule(chain, loader.path)) continue;
    if (fills(chain, folder)) continue;
    const volume = chain
      .flatMap(stage => stage.volumes)
      .find(v => overlapsImagePath(v.path, folder));
    return [
      {
        path: dockerfile,
        line: env.line,
        description: `ENV ${key}=${folder} points the model ${loader.path}:${
          loader.line
        } loads at a folder the image's build does not fill${
          volume ? ` (VOLUME at line ${volume.line})` : ''
        }: the model is mounted or put there when the container starts (weaker evidence than a download seen at start)`,
      },
    ];
  }
  return [];
}

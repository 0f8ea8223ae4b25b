import { DockerCopy, ModelIntoImage, SourceLine } from '../../types';
import { ParsedStage } from '../dockerfile';
import { extensionOf } from '../paths';
import { copyDestination, hasGlob, isUnderImagePath } from './imagePaths';

/**
 * COPY/ADD into the folder a model server reads its models from (the
 * image's documented default, or the folder its start command names):
 * whatever lands there is a model the image serves, even when the build
 * context fills it only before `docker build` (a model repository that
 * git does not hold). A folder named by its own name and copied above
 * the one a start command points the server at holds that model folder
 * too (`COPY ./exported /srv/exported`, `--model_base_path
 * /srv/exported/ranker`). A `COPY --from` of an earlier stage that took a
 * model in (copied from the build context, fetched or trained there) into
 * that folder brings what the stage made of it (a model repository laid
 * out by a build script). Single configuration or code files are not
 * models.
 */

/** A folder a model server reads its models from. */
export interface ModelStore {
  path: string;
  server: string;
  /** The start command naming the folder (absent for the image's default). */
  named?: SourceLine;
}

/** Files that configure a server or a model, or are code: not the model itself. */
const NOT_A_MODEL = new Set([
  '.conf',
  '.config',
  '.properties',
  '.yaml',
  '.yml',
  '.json',
  '.txt',
  '.cfg',
  '.ini',
  '.toml',
  '.pbtxt',
  '.md',
  '.sh',
  '.py',
  '.whl',
]);

/**
 * The stores start commands name below a copied folder, when the copy
 * names that folder (a `COPY . /app` says nothing of what the context
 * holds there; a file holds no folder).
 */
function heldStores(
  stores: ModelStore[],
  sources: string[],
  destination: string,
  lacks: LacksBelow,
): Array<ModelStore & { named: SourceLine }> {
  // A folder by name: no wildcard, not the whole context, not a file.
  const named = sources.every(
    s =>
      !hasGlob(s) &&
      !['', '.', './'].includes(s.trim()) &&
      extensionOf(s.replace(/(?<!\/)\/+$/, '')) === '',
  );
  if (!named || destination === '/') return [];
  return stores.filter(
    (s): s is ModelStore & { named: SourceLine } =>
      s.named !== undefined &&
      isUnderImagePath(s.path, destination) &&
      !sources.some(source =>
        lacks(source, s.path.slice(destination.length).replace(/^\/+/, '')),
      ),
  );
}

/**
 * Does the repository hold the copied folder but nothing at `below` in it
 * (nor git-ignore it)? Then the server's folder is not filled by the copy:
 * it is mounted or filled another way.
 */
export type LacksBelow = (source: string, below: string) => boolean;

/**
 * What the stage a `COPY --from` names holds of a model (`build_stage,
 * which copied a model in`), or undefined when it took none in (an
 * external image, a stage that only builds code).
 */
export type StageModel = (
  copy: DockerCopy,
  stage: ParsedStage,
) => string | undefined;

export function modelStoreCopies(
  dockerfile: string,
  stages: ParsedStage[],
  stores: ModelStore[],
  lacks: LacksBelow = () => false,
  stageModel: StageModel = () => undefined,
): ModelIntoImage[] {
  const found: ModelIntoImage[] = [];
  for (const stage of stages) {
    for (const copy of stage.copies) {
      if (copy.from) {
        const item = stageModelIntoStore(
          dockerfile,
          stage,
          copy,
          stores,
          stageModel,
        );
        if (item) found.push(item);
        continue;
      }
      const sources = copy.sources.filter(
        s => !/^[a-z]+:\/\//i.test(s) && !NOT_A_MODEL.has(extensionOf(s)),
      );
      if (sources.length === 0) continue;
      const destination = copyDestination(stage, copy);
      const store = stores.find(
        s => s.path !== '/' && isUnderImagePath(destination, s.path),
      );
      const held = store ? [] : heldStores(stores, sources, destination, lacks);
      if (store)
        found.push({
          path: dockerfile,
          line: copy.line,
          via: 'directory',
          source: `${sources.join(' ')} → ${destination}, the model folder ${
            store.server
          } reads (${store.path})`,
        });
      else if (held.length > 0)
        found.push({
          path: dockerfile,
          line: copy.line,
          via: 'directory',
          source: `${sources.join(' ')} → ${destination}, holding the model ${
            held.length > 1 ? 'folders' : 'folder'
          } ${held[0].server} reads (${held
            .map(h => `${h.path}, ${h.named.path}:${h.named.line}`)
            .join('; ')})`,
        });
    }
  }
  return found;
}

/** A `COPY --from` of a stage holding a model into the folder a model server reads. */
function stageModelIntoStore(
  dockerfile: string,
  stage: ParsedStage,
  copy: DockerCopy,
  stores: ModelStore[],
  stageModel: StageModel,
): ModelIntoImage | undefined {
  const sources = copy.sources.filter(s => !NOT_A_MODEL.has(extensionOf(s)));
  if (sources.length === 0) return undefined;
  const destination = copyDestination(stage, copy);
  const store = stores.find(
    s => s.path !== '/' && isUnderImagePath(destination, s.path),
  );
  if (!store) return undefined;
  const held = stageModel(copy, stage);
  if (held === undefined) return undefined;
  return {
    path: dockerfile,
    line: copy.line,
    via: 'stage',
    source: `${copy.from}:${sources.join(
      ' ',
    )} → ${destination}, the model folder ${store.server} reads (${
      store.path
    }), from ${held}`,
  };
}

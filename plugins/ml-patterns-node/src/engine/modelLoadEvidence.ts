import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import {
  ContainerFacts,
  DockerfileFacts,
  ModelLoaderFacts,
  RepositoryEvidence,
  ServingProcessFacts,
  SourceLine,
  WorkloadFacts,
} from '../evidence/types';
import { EvaluationInput } from './types';
import { atLine } from './evidenceItems';
import { isRemoteModelEnv, servedLoad, storageUriText } from './modelSignals';
import {
  platformFilling,
  platformOfModelEnv,
} from '../evidence/analyze/kubernetes/platformModelMount';
import { runsToCompletion } from './runsToCompletion';
import { runsTrackingServer } from './trackingServer';
import { stockServerWorkloads } from './stockServerWorkloads';

/*
 * Model-load evidence of a serving unit: what fetches its model when the
 * server starts (or on the first request), read from its deployments,
 * containers, serving processes and start scripts.
 */

/** What the containers of a (serving) workload say of a model fetched at start. */
function containerModelLoads(
  workload: WorkloadFacts,
  container: ContainerFacts,
  init: boolean,
  items: EvidenceItem[],
) {
  if (container.downloadsModel) {
    items.push(
      atLine(
        container.downloadsModel,
        `${init ? 'init container' : 'container'} ${
          container.name
        } downloads the model: ${container.downloadsModel.description}`,
      ),
    );
  }
  if (container.modelVolume) {
    items.push(
      atLine(container.modelVolume, container.modelVolume.description),
    );
  }
  for (const env of container.env) {
    // A tracking server's artifact store is where runs write, not a model.
    if (isRemoteModelEnv(env) && !runsTrackingServer(container)) {
      items.push(
        atLine(
          {
            path: workload.path,
            line: env.line ?? container.line ?? workload.line,
          },
          `container ${container.name} gets the model from ${env.name}=${env.value}`,
        ),
      );
    }
  }
}

export function modelLoadEvidence(
  input: EvaluationInput,
  modelInImage: boolean,
): EvidenceItem[] {
  const evidence = input.evidence;
  if (!evidence) {
    return [];
  }
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    // A training Job's volume holds what it writes, not a server's model.
    if (runsToCompletion(workload)) continue;
    if (workload.storageUri) {
      items.push(
        atLine(workload.storageUri, storageUriText(workload.storageUri)),
      );
    }
    for (const container of workload.initContainers) {
      containerModelLoads(workload, container, true, items);
    }
    for (const container of workload.containers) {
      containerModelLoads(workload, container, false, items);
    }
  }
  for (const dockerfile of evidence.dockerfiles) {
    for (const step of dockerfile.startupDownloads) {
      items.push(
        atLine(step, `start-up step downloads the model: ${step.description}`),
      );
    }
  }
  // Where a reported load's fetch is, or a start-up step already named
  // (only needed when a serving process fetches a model).
  const fetches = fetchingProcesses(evidence, modelInImage);
  const named = fetches
    ? new Set(items.map(item => `${item.path}:${item.line}`))
    : undefined;
  const fromImage = readFromImage(evidence);
  const fetchFiles = new Set<string>();
  const baked = modelInImage ? bakedFileNames(evidence) : undefined;
  for (const loader of evidence.modelLoaders) {
    const fetched = fetchedAtStart(loader, baked);
    if (
      (loader.downloads || fetched) &&
      !fromImage(loader) &&
      // A companion (a tokenizer) fetched at start travels with its model:
      // it says how the model arrives only when nothing else does.
      !(loader.role === 'companion' && modelInImage) &&
      servedLoad(evidence, loader)
    ) {
      items.push(atLine(loader, loadAtStartNote(loader)));
      if (fetched) fetchFiles.add(loader.fetchedBy!.path);
    }
  }
  // A serving process whose own code fetches a model (a download tool run
  // through subprocess, an object-store download) gets it when it runs,
  // whatever loads it then; unless the image holds the model already, or
  // a load it feeds already names that fetch.
  if (named) {
    for (const process of evidence.servingProcesses ?? []) {
      const fetch = process.fetchesModel;
      if (
        fetch &&
        fetches!(process) &&
        !named.has(`${fetch.path}:${fetch.line}`) &&
        !fetchFiles.has(fetch.path)
      )
        items.push(
          atLine(
            fetch,
            `${fetch.description} in the code the serving process (${
              process.command
            }) runs: it fetches the model ${fetchTime(fetch.onRequest)}`,
          ),
        );
    }
  }
  return items;
}

const fileName = (path: string) => path.replace(/^.*\//, '');

/** Names of the model files an image's build copies in (`COPY model.keras .`). */
function bakedFileNames(evidence: RepositoryEvidence): Set<string> {
  const names = new Set<string>();
  for (const dockerfile of evidence.dockerfiles) {
    for (const copy of dockerfile.modelsIntoImage) {
      if (copy.via === 'file') names.add(fileName(copy.source.trim()));
    }
  }
  return names;
}

/**
 * Whether a fetch the code makes before it loads the file says how the
 * model arrives: when the image holds no model (`baked` undefined), or
 * when the fetch replaces the very file the image holds, even if it is
 * there (the newest model from a bucket over the baked one). Code often
 * fetches only when the file is missing: with the model in the image,
 * that fetch never runs.
 */
function fetchedAtStart(
  loader: ModelLoaderFacts,
  baked: ReadonlySet<string> | undefined,
): boolean {
  const fetch = loader.fetchedBy;
  if (fetch === undefined) return false;
  if (baked === undefined) return true;
  return (
    fetch.evenWhenPresent === true &&
    loader.target !== undefined &&
    baked.has(fileName(loader.target))
  );
}

/**
 * Which serving processes' own fetches of a model say how it arrives:
 * every one when no image holds a model; else only those started by an
 * image of their own whose build puts none in it (a Cog predictor beside
 * a Dockerfile that bakes the models: each image gets them its own way).
 * Undefined when none fetches.
 */
function fetchingProcesses(
  evidence: RepositoryEvidence,
  modelInImage: boolean,
): ((process: ServingProcessFacts) => boolean) | undefined {
  const processes = evidence.servingProcesses ?? [];
  if (!processes.some(process => process.fetchesModel)) return undefined;
  if (!modelInImage) return () => true;
  const emptyImages = new Set(
    evidence.dockerfiles
      .filter(dockerfile => dockerfile.modelsIntoImage.length === 0)
      .map(dockerfile => dockerfile.path),
  );
  if (evidence.packagedImages?.some(image => image.packs !== undefined))
    return undefined;
  const own = (process: ServingProcessFacts) => emptyImages.has(process.path);
  return processes.some(process => process.fetchesModel && own(process))
    ? own
    : undefined;
}

/**
 * When a fetch the serving code makes runs, as the analysis found it: from
 * a request handler (lazily, on the first request), or when the server
 * starts.
 */
function fetchTime(onRequest: SourceLine | undefined): string {
  return onRequest
    ? `on the first request it serves (from the request handler at ${
        onRequest.path
      }:${onRequest.line ?? 1}), not when the server starts`
    : 'when the server starts';
}

/**
 * What a load that gets its model at start-up does: a read of the folder a
 * platform's storage initializer fills (KServe, Seldon Core) is not a
 * download of the server's own.
 */
function loadAtStartNote(loader: ModelLoaderFacts): string {
  const target = loader.target ?? loader.configKey ?? 'a remote model';
  const fetch = loader.fetchedBy;
  if (fetch)
    return `${loader.call} loads ${target}, which ${fetch.call} at ${
      fetch.path
    }:${fetch.line} fetches over the network ${fetchTime(fetch.onRequest)}`;
  const platform =
    loader.target !== undefined
      ? platformFilling(loader.target)
      : platformOfModelEnv(loader.configKey);
  return platform
    ? `${loader.call} loads ${target}, where ${platform} puts the model when the server starts`
    : `${loader.call} downloads ${target}${
        loader.onRequest ? ` ${fetchTime(loader.onRequest)}` : ''
      }`;
}

/**
 * Model-server images whose build puts no model where the server reads
 * models, runs of a stock model-server image that mount the models, and
 * workloads running such a stock image: they get their models when the
 * container starts. Weaker than a download
 * seen at start, so it decides only when nothing else does.
 */
export function suppliedAtStartEvidence(
  input: EvaluationInput,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  // A run of a stock model-server image with the model folder mounted
  // (often only documented, and beside images that may be built with the
  // models in them).
  for (const run of input.evidence?.modelsMountedAtStart ?? []) {
    items.push(atLine(run, run.description));
  }
  for (const dockerfile of input.evidence?.dockerfiles ?? []) {
    const supplied = dockerfile.modelsSuppliedAtStart;
    if (supplied) {
      items.push(
        atLine(
          supplied,
          `the image is ${
            supplied.server
          }'s and its build puts no model in ${supplied.modelPaths.join(
            ', ',
          )}: the models are supplied when the container starts (a volume or the platform; weaker evidence than a download seen at start)`,
        ),
      );
    }
  }
  // A workload running a model server's stock image, weakest of all.
  if (items.length === 0 && input.evidence)
    items.push(...stockServerWorkloads(input.evidence));
  return items;
}

const NEVER = () => false;

/** Whether an image's build fetches a model or keeps the hub offline (see `readFromImage`). */
function builtOrOffline(dockerfile: DockerfileFacts): boolean {
  return (
    (dockerfile.builtInModels !== undefined &&
      dockerfile.builtInModels.length > 0) ||
    dockerfile.hubOffline !== undefined
  );
}

/**
 * Loads that read what an image's build fetched, not a download at start:
 * the loads of a script the build runs (`RUN python download_model.py`),
 * loads of a model the build fetched (same hub id or target), hub loads of
 * a library whose hub a build script fetched from (its cache in the image
 * holds what the script fetched: `RUN python preload.py` warming the cache
 * the server reads), and hub loads in an image that keeps the hub offline
 * (`HF_HUB_OFFLINE=1`). A load from an explicit remote store (`s3://…`)
 * reads that store whatever the cache holds.
 */
function readFromImage(
  evidence: RepositoryEvidence,
): (loader: ModelLoaderFacts) => boolean {
  if (!evidence.dockerfiles.some(builtOrOffline)) return NEVER;
  const scripts = new Set<string>();
  const models = new Set<string>();
  const libraries = new Set<string>();
  let offline = false;
  for (const dockerfile of evidence.dockerfiles) {
    for (const built of dockerfile.builtInModels ?? []) {
      if (built.script) scripts.add(built.script);
      if (built.model) models.add(built.model);
      built.libraries?.forEach(library => libraries.add(library));
    }
    offline ||= dockerfile.hubOffline !== undefined;
  }
  for (const loader of evidence.modelLoaders) {
    if (scripts.has(loader.path) && loader.target) models.add(loader.target);
  }
  if (scripts.size === 0 && models.size === 0 && !offline) return NEVER;
  const remote = (loader: ModelLoaderFacts) =>
    /^(?:s3|gs|az|https?):\/\//i.test(loader.target ?? '');
  return loader =>
    scripts.has(loader.path) ||
    (loader.target !== undefined && models.has(loader.target)) ||
    (libraries.has(loader.call.split('.')[0]) && !remote(loader)) ||
    (offline && !remote(loader));
}

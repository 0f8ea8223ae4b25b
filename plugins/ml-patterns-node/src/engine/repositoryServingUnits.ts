import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { isCogConfig } from '../evidence/analyze/docker/cogImage';
import {
  finalImageServer,
  modelServerOfImage,
} from '../evidence/analyze/docker/modelServerImage';
import {
  DockerfileFacts,
  RepositoryEvidence,
  WorkloadFacts,
} from '../evidence/types';
import { GENERIC } from '../evidence/analyze/python/knownLoaders';
import { atLine, plural } from './evidenceItems';
import { storageUriText } from './modelSignals';
import { runsToCompletion } from './runsToCompletion';

/**
 * A repository (a `repository` entity: training or pipeline code) is judged
 * for All-in-one and its release pattern through the serving units it
 * holds, the way an ML engineer looks for them: a platform's serving
 * manifest (a KServe InferenceService, a Seldon deployment, a workload
 * whose platform pulls the model), a model server started by an image or
 * a deployment (TF Serving, Triton, TorchServe, vLLM…) or configured in
 * the tree, an image built by a model-packaging tool, or a server (a web
 * or serving framework, a server launcher) that loads a model. An
 * `inference.py` or a `predict()` of training code is none of them.
 */

function servesFromPlatform(workload: WorkloadFacts): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  if (workload.storageUri) {
    items.push(
      atLine(
        workload.storageUri,
        `${workload.kind} ${workload.name} serves the model at ${storageUriText(
          workload.storageUri,
        )}`,
      ),
    );
  } else if (workload.kind === 'InferenceService') {
    items.push(
      atLine(workload, `KServe InferenceService ${workload.name} serves it`),
    );
  }
  if (workload.multiModel) {
    items.push(
      atLine(
        workload.multiModel,
        `${workload.kind} ${workload.name} serves models: ${workload.multiModel.description}`,
      ),
    );
  }
  return items;
}

function runsModelServer(workload: WorkloadFacts): EvidenceItem[] {
  if (runsToCompletion(workload)) return [];
  return workload.containers.flatMap(container => {
    const server = container.sidecar
      ? undefined
      : modelServerOfImage(container.image);
    return server
      ? [
          atLine(
            { path: workload.path, line: container.line ?? workload.line },
            `${workload.kind} ${workload.name} runs the ${server.server} model server (${container.image})`,
          ),
        ]
      : [];
  });
}

function builtOnModelServer(dockerfile: DockerfileFacts): EvidenceItem[] {
  const server = finalImageServer(dockerfile);
  if (!server) return [];
  const final = dockerfile.stages[dockerfile.stages.length - 1];
  return [
    atLine(
      { path: dockerfile.path, line: final?.line },
      `the image is built on the ${server.server} model server`,
    ),
  ];
}

/**
 * Loads that name their model (a path, a hub id, a configuration key), or
 * whose API only ever loads a model (Lightning's `load_from_checkpoint` of
 * a checkpoint the server wrote): a generic deserialiser reading whatever
 * it is handed at run time (a `pickle.load` of a data store) does not make
 * a server a model server.
 */
function identifiedLoads(evidence: RepositoryEvidence): Set<string> {
  return new Set(
    evidence.modelLoaders
      .filter(
        l =>
          l.configured ||
          (l.target !== undefined && l.target !== '') ||
          (l.role === 'model' && !GENERIC.test(l.call)),
      )
      .map(l => `${l.path}:${l.line}`),
  );
}

/**
 * Where the repository holds a serving unit, one item per sign (each at
 * its file and line); empty when it holds none.
 */
export function servingUnitSigns(evidence: RepositoryEvidence): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    items.push(...servesFromPlatform(workload), ...runsModelServer(workload));
  }
  for (const dockerfile of evidence.dockerfiles) {
    items.push(...builtOnModelServer(dockerfile));
  }
  for (const server of evidence.modelServers ?? []) {
    items.push(
      atLine(
        server,
        `${server.description} hosts ${
          server.models.some(m => m.several)
            ? 'several models'
            : plural(server.models.length, 'model')
        }`,
      ),
    );
  }
  for (const image of evidence.packagedImages ?? []) {
    items.push(atLine(image, `\`${image.command}\` builds a serving image`));
  }
  let identified: Set<string> | undefined;
  for (const process of evidence.servingProcesses ?? []) {
    if (process.server !== true || process.models.length === 0) continue;
    identified ??= identifiedLoads(evidence);
    const known = identified;
    if (process.models.some(m => known.has(`${m.path}:${m.line}`))) {
      items.push(
        atLine(
          process,
          `${process.command} serves requests and loads ${plural(
            process.models.length,
            'model',
          )}`,
        ),
      );
    }
  }
  return items;
}

/** Dockerfiles that build a serving image: on a model server, started as a server, a Cog predictor's, or built for a serving workload. */
function servingDockerfiles(
  evidence: RepositoryEvidence,
): (dockerfile: DockerfileFacts) => boolean {
  const serving = new Set<string>();
  for (const process of evidence.servingProcesses ?? []) {
    if (process.server === true) serving.add(process.path);
  }
  for (const workload of evidence.workloads) {
    if (workload.dockerfile && !runsToCompletion(workload)) {
      serving.add(workload.dockerfile);
    }
  }
  return dockerfile =>
    serving.has(dockerfile.path) ||
    finalImageServer(dockerfile) !== undefined ||
    // A cog.yaml is read as an image only when it names a predictor (a server).
    isCogConfig(dockerfile.path);
}

/**
 * The part of a repository's evidence that serves: its serving workloads
 * (not training jobs), the images built to serve, the servers and the
 * loads they run. Training code's loads and images are not the serving
 * unit's: a checkpoint a training script reloads is not a served model.
 */
export function servingPartOf(
  evidence: RepositoryEvidence,
): RepositoryEvidence {
  const servingImage = servingDockerfiles(evidence);
  const servers = evidence.servingProcesses?.filter(p => p.server === true);
  return {
    ...evidence,
    workloads: evidence.workloads.filter(w => !runsToCompletion(w)),
    dockerfiles: evidence.dockerfiles.filter(servingImage),
    modelLoaders: evidence.modelLoaders.filter(l => l.inServingCode === true),
    servingProcesses: servers ?? [],
  };
}

/** A repository's serving units: the signs that it holds one, and the evidence of what serves. */
export interface RepositoryServing {
  signs: EvidenceItem[];
  evidence: RepositoryEvidence;
}

// A one-entry cache: All-in-one and the release pattern both ask for the
// same repository's serving part.
let lastEvidence: RepositoryEvidence | undefined;
let lastServing: RepositoryServing | undefined;

/**
 * The serving units a readable repository holds, or undefined when it
 * holds none (the serving-unit checks do not apply to it).
 */
export function repositoryServing(
  evidence: RepositoryEvidence,
): RepositoryServing | undefined {
  if (lastEvidence !== evidence) {
    const signs = servingUnitSigns(evidence);
    lastServing =
      signs.length > 0
        ? { signs, evidence: servingPartOf(evidence) }
        : undefined;
    lastEvidence = evidence;
  }
  return lastServing;
}

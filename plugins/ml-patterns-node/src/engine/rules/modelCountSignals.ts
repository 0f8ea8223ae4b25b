import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import {
  ModelLoaderFacts,
  ProcessModelFacts,
  RepositoryEvidence,
  ServingProcessFacts,
} from '../../evidence/types';
import { atField, atLine, listForMessage } from '../evidenceItems';
import { RelatedModel } from '../types';
import { containerBakedModels } from './containerBakedModels';
import { imageModelChoices } from './imageModelChoices';

/**
 * What a serving unit's evidence says of how many models each of its
 * processes and deployments loads: the places loading several, and the
 * places showing one.
 */

/** Loader calls that load companions of a model, not a model of their own. */
const NOT_A_MODEL_CALL = /tokeni[sz]er|processor|feature_?extractor|config/i;

export function servedModelEvidence(models: RelatedModel[]): EvidenceItem[] {
  return models.map(model =>
    atField('spec.dependsOn', `serves ${model.entityRef}`, model.entityRef),
  );
}

function normalizeTarget(target: string): string {
  return target.trim().replace(/^\.\//, '');
}

const NO_LOADS: ReadonlyMap<string, ModelLoaderFacts> = new Map();

/** Literal model targets loaded by code, deduplicated (one model loaded twice is one model). */
function literalLoads(
  loaders: ModelLoaderFacts[],
): ReadonlyMap<string, ModelLoaderFacts> {
  if (loaders.length === 0) return NO_LOADS;
  const targets = new Map<string, ModelLoaderFacts>();
  for (const loader of loaders) {
    if (
      loader.configured ||
      loader.target === undefined ||
      NOT_A_MODEL_CALL.test(loader.call) ||
      (loader.role !== undefined && loader.role !== 'model')
    ) {
      continue;
    }
    const target = normalizeTarget(loader.target);
    if (target !== '' && !targets.has(target)) {
      targets.set(target, loader);
    }
  }
  return targets;
}

/** Places where one process or deployment loads several models. */
export function multiModelSignals(
  evidence: RepositoryEvidence,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    if (workload.modelsLoaded !== null && workload.modelsLoaded > 1) {
      items.push(
        atLine(
          workload,
          `${workload.kind} ${workload.name} loads ${workload.modelsLoaded} models`,
        ),
      );
      for (const seen of workload.modelsLoadedEvidence) {
        items.push(atLine(seen, seen.note));
      }
    }
    if (workload.multiModel) {
      items.push(
        atLine(
          workload.multiModel,
          `${workload.kind} ${workload.name} serves several models: ${workload.multiModel.description}`,
        ),
      );
    }
  }
  for (const server of evidence.modelServers ?? []) {
    if (server.models.length > 1 || server.models.some(m => m.several)) {
      items.push(
        atLine(
          server,
          `${server.description} hosts ${
            server.models.length > 1
              ? `${server.models.length} models`
              : 'several models'
          } (deliberate multi-model serving can be waived)`,
        ),
        ...server.models.map(model => atLine(model, model.note)),
      );
    }
  }
  items.push(...imageModelChoices(evidence));
  items.push(...containerBakedModels(evidence));
  if (evidence.servingProcesses) {
    items.push(...multiModelProcesses(evidence.servingProcesses));
    return items;
  }
  for (const loader of evidence.modelLoaders) {
    if (loader.multiple) {
      items.push(atLine(loader, `${loader.call} loads several models`));
    }
  }
  const literal = literalLoads(evidence.modelLoaders);
  if (literal.size > 1) {
    for (const [target, loader] of literal) {
      items.push(atLine(loader, `${loader.call} loads ${target}`));
    }
  }
  return items;
}

/**
 * A loop over a folder that each image running the process fills with one
 * model folder loads one model per image.
 */
function loadsSeveral(model: ProcessModelFacts): boolean {
  return model.several && model.oneFolderPerImage === undefined;
}

/** The COPY of each image's one model folder, for a loop that reads it. */
function folderCopies(model: ProcessModelFacts): EvidenceItem[] {
  return (model.oneFolderPerImage ?? []).map(copy =>
    atLine(
      copy,
      `the image copies one model folder, ${copy.source}, for the server to load`,
    ),
  );
}

/** How a process model is loaded: one model, a loop, or a loop over one model folder per image. */
function loadsText(model: ProcessModelFacts): string {
  if (model.oneFolderPerImage) {
    return `loads the models of a folder, which each image running it fills with one model folder: ${model.name}`;
  }
  return model.several
    ? `loads several models: ${model.name}`
    : `loads ${model.name}`;
}

/** What a process model's evidence says: the model, and the companions loaded with it. */
function modelNote(model: ProcessModelFacts): string {
  const loads = loadsText(model);
  const companions = model.companions.length
    ? ` (with ${listForMessage(model.companions.map(c => c.name))})`
    : '';
  return `${model.call} ${loads}${companions}`;
}

/** Serving processes (read from code, through their imports) that load several distinct models. */
function multiModelProcesses(processes: ServingProcessFacts[]): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const process of processes) {
    const several = process.models.some(loadsSeveral);
    if (process.models.length < 2 && !several) continue;
    items.push(
      atLine(
        process,
        several && process.models.length < 2
          ? `${process.command} loads several models`
          : `${process.command} loads ${process.models.length} distinct models`,
      ),
      ...process.models.map(model => atLine(model, modelNote(model))),
    );
  }
  return items;
}

/** Places showing a single model per workload or process. */
export function singleModelSignals(
  evidence: RepositoryEvidence,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    if (workload.modelsLoaded === 1) {
      items.push(
        atLine(workload, `${workload.kind} ${workload.name} loads one model`),
        // Where the one model is named (and which template branch was read).
        ...workload.modelsLoadedEvidence.map(seen => atLine(seen, seen.note)),
      );
    }
  }
  for (const server of evidence.modelServers ?? []) {
    if (server.models.length === 1 && !server.models[0].several) {
      const [model] = server.models;
      items.push(
        atLine(model, `${server.description} hosts one model: ${model.note}`),
      );
    }
  }
  if (evidence.servingProcesses) {
    for (const process of evidence.servingProcesses) {
      if (process.models.length !== 1) continue;
      const [model] = process.models;
      items.push(
        atLine(
          model,
          `${process.command} loads one model: ${modelNote(model)}`,
        ),
        ...folderCopies(model),
      );
    }
    return items;
  }
  const literal = literalLoads(evidence.modelLoaders);
  const configured = evidence.modelLoaders.filter(
    l => l.configured && !l.multiple,
  );
  if (literal.size === 1) {
    const [[target, loader]] = [...literal];
    items.push(atLine(loader, `${loader.call} loads ${target}`));
  }
  for (const loader of configured) {
    items.push(
      atLine(
        loader,
        `${loader.call} loads the one model named by ${
          loader.configKey ?? 'configuration'
        }`,
      ),
    );
  }
  return items;
}

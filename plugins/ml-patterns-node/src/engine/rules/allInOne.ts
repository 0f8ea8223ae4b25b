import { EvidenceItem, RULE_IDS } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import { atField, atLine, listForMessage, plural } from '../evidenceItems';
import { EvaluationInput, MlPatternsRule, RuleOutcome } from '../types';
import {
  builtInRule,
  needsRepository,
  notApplicable,
  outcome,
  outcomeIfFound,
  readableEvidence,
  relationsUnavailable,
  repositoryUnreadable,
} from './ruleHelpers';
import { modelFreeUnit } from '../modelFreeUnit';
import { repositoryServing } from '../repositoryServingUnits';
import { examinedServers } from './examinedServers';
import {
  multiModelSignals,
  servedModelEvidence,
  singleModelSignals,
} from './modelCountSignals';

function oneModelPerServingUnit(input: EvaluationInput): RuleOutcome {
  const served =
    input.related.status === 'ok' ? input.related.servedModels : undefined;
  const evidence = readableEvidence(input);

  if (!evidence) {
    // Without the repository, the catalog's dependsOn is the only signal.
    if (served === undefined) {
      return outcome(
        'unknown',
        `Catalog relations unavailable${
          input.related.reason ? ` (${input.related.reason})` : ''
        } and no readable repository: the models served cannot be counted.`,
      );
    }
    if (served.length > 1) {
      return outcome(
        'fail',
        `Serves ${plural(served.length, 'model')} (${listForMessage(
          served.map(m => m.entityRef),
        )}) and the repository cannot show them split into separate servers.`,
        servedModelEvidence(served),
      );
    }
    if (served.length === 1) {
      return outcome(
        'pass',
        `The catalog declares one served model, ${served[0].entityRef}.`,
        servedModelEvidence(served),
      );
    }
    return repositoryUnreadable(input);
  }

  const severalModels = outcomeIfFound(
    'fail',
    'Several models are loaded in one serving process or deployment.',
    multiModelSignals(evidence),
  );
  if (severalModels) return severalModels;

  const single = singleModelSignals(evidence);
  if (served !== undefined && served.length > 1) {
    const singleModelWorkloads = evidence.workloads.filter(
      w => w.modelsLoaded === 1,
    );
    if (singleModelWorkloads.length >= served.length) {
      // e.g. two single-model Deployments behind one Service (A/B): not All-in-one.
      return outcome(
        'pass',
        `Serves ${plural(
          served.length,
          'model',
        )}, each in its own single-model workload.`,
        [...servedModelEvidence(served), ...single],
      );
    }
    return outcome(
      'fail',
      `Serves ${plural(served.length, 'model')} (${listForMessage(
        served.map(m => m.entityRef),
      )}) but the repository shows ${plural(
        singleModelWorkloads.length,
        'single-model workload',
      )}: the models are not split into separate servers.`,
      [...servedModelEvidence(served), ...single],
    );
  }
  const modelFree =
    single.length === 0 && (served ?? []).length === 0
      ? modelFreeUnit(evidence)
      : undefined;
  if (modelFree) {
    return outcome(
      'not-applicable',
      'The serving unit holds no model: it installs no ML library and loads, fetches or serves no model.',
      modelFree,
    );
  }
  if (served === undefined && single.length === 0) {
    return outcome(
      'unknown',
      `Catalog relations unavailable${
        input.related.reason ? ` (${input.related.reason})` : ''
      } and the repository does not show how many models are loaded.`,
    );
  }
  const seen = [...servedModelEvidence(served ?? []), ...single];
  return outcome(
    'pass',
    'No serving process or deployment loads more than one model.',
    seen.length > 0 ? seen : examinedServers(evidence),
  );
}

function oneModelPerServerForModel(input: EvaluationInput): RuleOutcome {
  if (input.related.status !== 'ok') return relationsUnavailable(input);
  if (input.related.servingUnits.length === 0) {
    // Nothing deploys it: there is no server to share (and no credit to give).
    return notApplicable('No serving unit in the catalog serves this model.');
  }
  const shared = input.related.servingUnits.filter(unit => unit.modelCount > 1);
  if (shared.length > 0) {
    return outcome(
      'fail',
      `Served together with other models by ${listForMessage(
        shared.map(u => u.entityRef),
      )}.`,
      shared.map(unit =>
        atField(
          'spec.dependsOn',
          `${unit.entityRef} serves ${plural(unit.modelCount, 'model')}`,
          unit.entityRef,
        ),
      ),
    );
  }
  const units = input.related.servingUnits;
  return outcome(
    'pass',
    `Each serving unit of this model (${listForMessage(
      units.map(u => u.entityRef),
    )}) serves only this model.`,
    units.map(unit =>
      atField(
        'spec.dependsOn',
        `${unit.entityRef} serves this model only`,
        unit.entityRef,
      ),
    ),
  );
}

/**
 * A repository is judged through the serving units it holds: each counts
 * its own models (several units, one model each, are not All-in-one). Its
 * catalog `dependsOn` names what it trains or uses, not what it serves.
 */
function oneModelPerRepositoryUnit(input: EvaluationInput): RuleOutcome {
  const evidence = readableEvidence(input);
  const serving = evidence && repositoryServing(evidence);
  if (!serving) {
    return notApplicable(
      evidence
        ? 'The repository holds no serving unit (no serving manifest, model server or server loading a model): only serving units and models serve models.'
        : 'The repository could not be read, so no serving unit in it is seen: only serving units and models serve models.',
    );
  }
  const related =
    input.related.status === 'ok'
      ? { ...input.related, servedModels: [] }
      : input.related;
  const result = oneModelPerServingUnit({
    ...input,
    related,
    evidence: serving.evidence,
  });
  return {
    ...result,
    message: `The repository holds a serving unit. ${result.message}`,
    evidence: [...result.evidence, ...serving.signs],
  };
}

/** @public */
export const oneModelPerServerRule: MlPatternsRule = builtInRule(
  RULE_IDS.oneModelPerServer,
  input => {
    if (input.role === 'serving-unit') {
      return oneModelPerServingUnit(input);
    }
    if (input.role === 'model') {
      return oneModelPerServerForModel(input);
    }
    if (input.role === 'repository') {
      return oneModelPerRepositoryUnit(input);
    }
    return notApplicable('Only serving units and models serve models.');
  },
);

/** @public */
export const noSharedServerGroupRule: MlPatternsRule = builtInRule(
  RULE_IDS.noSharedServerGroup,
  input => {
    if (input.related.status !== 'ok') return relationsUnavailable(input);
    const peers = input.related.serverGroupPeers;
    if (
      input.role === 'model' &&
      input.related.servingUnits.length === 0 &&
      peers.length === 0
    ) {
      return notApplicable('No serving unit in the catalog serves this model.');
    }
    if (peers.length > 0) {
      const groups = [...new Set(peers.map(p => p.group))];
      return outcome(
        'fail',
        `Shares server group ${listForMessage(groups)} with ${listForMessage(
          peers.map(p => p.entityRef),
        )}.`,
        peers.map(peer =>
          atField(
            peer.field,
            `same server group ${peer.group}`,
            peer.entityRef,
          ),
        ),
      );
    }
    const evidence =
      input.role === 'serving-unit' ? readableEvidence(input) : undefined;
    const modelFree = evidence && modelFreeUnit(evidence);
    if (modelFree) {
      return outcome(
        'not-applicable',
        'The serving unit holds no model, and shares no server group.',
        modelFree,
      );
    }
    return outcome('pass', 'No other serving unit shares its server group.');
  },
);

/**
 * Images of prebuilt model-serving runtimes: their dependencies are
 * declared and fixed by the image's release (TensorFlow Serving, Triton,
 * TorchServe, MLServer, Seldon and KServe model servers, OpenVINO, TGI,
 * vLLM).
 */
const SERVING_RUNTIME_IMAGE =
  /^(?:[\w.-]+(?::\d+)?\/)?(?:tensorflow\/serving|(?:nvidia\/)?tritonserver|pytorch\/torchserve(?:-kfs)?|kserve\/(?:sklearnserver|xgbserver|lgbserver|pmmlserver|paddleserver|huggingfaceserver|torchserve-kfs)|seldonio\/(?:mlserver|[\w-]+server)|openvino\/model_server|huggingface\/text-(?:generation|embeddings)-inference|vllm\/vllm-openai)(?:[:@]|$)/i;

/** Pinned: a digest, or a tag naming a version (not `latest`, `nightly`, `main`…). */
function pinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/i.test(image)) return true;
  const tag = /:([\w.-]+)$/.exec(image.replace(/^[^/]*:\d+\//, ''))?.[1];
  return (
    tag !== undefined &&
    /\d/.test(tag) &&
    !/^(?:latest|nightly|main|master|dev|edge)(?:[-_.]|$)/i.test(tag)
  );
}

/** Prebuilt serving runtimes the serving unit runs: a pinned image, or a KServe predefined runtime. */
function prebuiltRuntimes(evidence: RepositoryEvidence): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    if (
      workload.kind === 'InferenceService' &&
      workload.modelFormat &&
      !workload.containers.some(c => c.image)
    ) {
      const { name, version } = workload.modelFormat;
      items.push(
        atLine(
          workload,
          `KServe runs ${workload.name} on the platform's ${name}${
            version ? ` ${version}` : ''
          } serving runtime`,
        ),
      );
    }
    for (const container of workload.containers) {
      const image = container.image;
      if (image && SERVING_RUNTIME_IMAGE.test(image) && pinnedImage(image)) {
        items.push(
          atLine(
            { path: workload.path, line: container.line ?? workload.line },
            `prebuilt serving runtime ${image}`,
          ),
        );
      }
    }
  }
  for (const dockerfile of evidence.dockerfiles) {
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (
      final &&
      SERVING_RUNTIME_IMAGE.test(final.baseImage) &&
      pinnedImage(final.baseImage)
    ) {
      items.push(
        atLine(
          { path: dockerfile.path, line: final.line },
          `built on the prebuilt serving runtime ${final.baseImage}`,
        ),
      );
    }
  }
  return items;
}

/** Whether a serving unit's folder declares what it depends on. */
function ownDependencies(evidence: RepositoryEvidence): RuleOutcome {
  const found: EvidenceItem[] = [];
  for (const m of evidence.dependencyManifests) {
    found.push(atLine({ path: m.path }, `dependency manifest (${m.kind})`));
  }
  for (const l of evidence.lockfiles) {
    found.push(atLine({ path: l.path }, `lockfile (${l.kind})`));
  }
  for (const d of evidence.dockerfiles) {
    for (const m of d.installsManifests) {
      found.push(atLine(m, `installed by ${d.path}`));
    }
  }
  return (
    outcomeIfFound(
      'pass',
      'The serving unit declares its own dependencies.',
      found,
    ) ??
    // A pinned prebuilt runtime image fixes the serving libraries it ships.
    outcomeIfFound(
      'pass',
      'The serving unit runs a pinned prebuilt serving runtime, whose release fixes its dependencies.',
      prebuiltRuntimes(evidence),
    ) ??
    outcome(
      'fail',
      'No dependency manifest or lockfile in the serving unit’s folder, its Dockerfile installs none, and it runs no pinned prebuilt serving runtime.',
    )
  );
}

const ownDependenciesOfRepository = needsRepository(evidence => {
  const modelFree = modelFreeUnit(evidence);
  return modelFree
    ? outcome(
        'not-applicable',
        'The serving unit holds no model: no model’s dependencies to declare.',
        modelFree,
      )
    : ownDependencies(evidence);
});

/** @public */
export const ownDependenciesRule: MlPatternsRule = builtInRule(
  RULE_IDS.ownDependencies,
  input =>
    input.role !== 'serving-unit'
      ? notApplicable(
          'Only serving units are checked for their own dependencies.',
        )
      : ownDependenciesOfRepository(input),
);

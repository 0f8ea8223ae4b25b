import {
  EvidenceItem,
  INPUT_ANNOTATIONS,
  ReleasePattern,
} from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../evidence/types';
import { EvaluationInput } from './types';
import { atField, atLine } from './evidenceItems';
import { modelFreeUnit } from './modelFreeUnit';
import { repositoryServing } from './repositoryServingUnits';
import { unreadStageExport } from './unreadStageExport';
import {
  modelLoadEvidence,
  suppliedAtStartEvidence,
} from './modelLoadEvidence';

/**
 * The release pattern of an entity and what it was decided from.
 *
 * @public
 */
export interface ReleasePatternDetection {
  pattern: ReleasePattern;
  /** Model-in-image evidence (COPY/ADD of a model into the image). */
  modelInImage: EvidenceItem[];
  /** Model-load evidence (the model is fetched when the server starts). */
  modelLoad: EvidenceItem[];
  /** Set when the pattern comes from the `release-pattern-declared` annotation. */
  declared?: EvidenceItem;
  /** Why the pattern is unknown, when it is. */
  reason?: string;
  /**
   * Set when a serving unit's pattern is `not-applicable` because its
   * serving process loads no model and forwards requests to a model served
   * elsewhere: the forwarding call.
   */
  remoteModel?: EvidenceItem;
  /** Set when a serving unit holds no model at all (see `modelFreeUnit`): what shows it. */
  modelFree?: EvidenceItem[];
}

const DECLARED_KEY = INPUT_ANNOTATIONS.releasePattern;
const DECLARABLE: ReadonlyArray<ReleasePattern> = [
  'model-load',
  'model-in-image',
  'mixed',
];

function declaredPattern(
  input: EvaluationInput,
): { pattern: ReleasePattern; evidence: EvidenceItem } | undefined {
  const key = DECLARED_KEY;
  const value = input.entity.metadata.annotations?.[key]?.trim().toLowerCase();
  if (!value || !DECLARABLE.includes(value as ReleasePattern)) {
    return undefined;
  }
  return {
    pattern: value as ReleasePattern,
    evidence: atField(`metadata.annotations.${key}`, `declared ${value}`),
  };
}

function modelInImageEvidence(input: EvaluationInput): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const dockerfile of input.evidence?.dockerfiles ?? []) {
    for (const copy of dockerfile.modelsIntoImage) {
      if (unreadStageExport(dockerfile, copy, input.evidence!)) continue;
      items.push(
        atLine(copy, `model into image (${copy.via}): ${copy.source}`),
      );
    }
  }
  for (const image of input.evidence?.packagedImages ?? []) {
    if (image.packs === undefined) continue;
    const runs = image.runBy
      ? `; ${image.runBy.path}:${image.runBy.line ?? 1} (${
          image.runBy.name
        }) runs it`
      : '';
    const where = image.documented
      ? ' (from the documentation: weaker evidence than a script or CI step)'
      : '';
    items.push(
      atLine(
        image,
        `image built with \`${image.command}\` packs ${image.packs}${runs}${where}`,
      ),
    );
  }
  return items;
}

/**
 * A serving unit whose serving processes load no model, and one of them
 * sends requests to a model served elsewhere (a managed endpoint, a
 * hosted model API): the model is released where it is served, not with
 * this unit. Nothing else of the unit may name a model (a deployment
 * loading one, a model server's config, a load the processes may run).
 */
function forwardsOnly(evidence: RepositoryEvidence): EvidenceItem | undefined {
  const serving = evidence.servingProcesses ?? [];
  if (serving.length === 0 || serving.some(p => p.models.length > 0))
    return undefined;
  if (
    evidence.modelLoaders.some(loader => loader.inServingCode !== false) ||
    evidence.workloads.some(w => (w.modelsLoaded ?? 0) > 0 || w.storageUri) ||
    (evidence.modelServers ?? []).length > 0
  )
    return undefined;
  const forwarding = serving.find(p => p.forwardsTo);
  const call = forwarding?.forwardsTo;
  return call
    ? atLine(
        call,
        `${call.call} sends requests to a model served elsewhere; the serving process (${forwarding.command}) loads no model, so the unit has no release pattern of its own`,
      )
    : undefined;
}

/**
 * What the release pattern is read from: a serving unit's evidence, or the
 * serving part of a repository that holds a serving unit; undefined when
 * the entity serves nothing.
 */
function servingInput(input: EvaluationInput): EvaluationInput | undefined {
  if (input.role === 'serving-unit') return input;
  if (input.role !== 'repository' || input.evidence?.status !== 'ok') {
    return undefined;
  }
  const serving = repositoryServing(input.evidence);
  return serving ? { ...input, evidence: serving.evidence } : undefined;
}

/**
 * Detects how a serving unit gets its model.
 *
 * - Model-in-image: the evidence layer found a model copied (or downloaded)
 *   into the image by a Dockerfile, or an image built by a model-packaging
 *   tool that packs the model (`mlserver build`, `bentoml containerize`,
 *   `mlflow models build-docker`). A model file that sits in the repository
 *   but is never copied is not evidence.
 * - Model-load: the server fetches the model at start-up (KServe
 *   `storageUri`, an init container or start-up step that downloads it, a
 *   loader that downloads it, a container env var holding a remote model URI).
 * - Both → `mixed`; neither → the pattern the entity declares in
 *   `ml-patterns.io/release-pattern-declared`, else Model-load when an
 *   image built on a model server puts no model where the server reads
 *   them (they are supplied at start), else `unknown`.
 *
 * Serving units are judged on their evidence; a repository on the serving
 * units it holds (see `repositoryServingUnits.ts`). Other entities, and
 * repositories that hold no serving unit, get `not-applicable`.
 *
 * @public
 */
export function detectReleasePattern(
  entityInput: EvaluationInput,
): ReleasePatternDetection {
  const input = servingInput(entityInput);
  if (!input) {
    return { pattern: 'not-applicable', modelInImage: [], modelLoad: [] };
  }
  const readable = input.evidence?.status === 'ok';
  const modelInImage = readable ? modelInImageEvidence(input) : [];
  const modelLoad = readable
    ? modelLoadEvidence(input, modelInImage.length > 0)
    : [];
  if (modelInImage.length > 0 && modelLoad.length > 0) {
    return { pattern: 'mixed', modelInImage, modelLoad };
  }
  if (modelInImage.length > 0) {
    return { pattern: 'model-in-image', modelInImage, modelLoad };
  }
  if (modelLoad.length > 0) {
    return { pattern: 'model-load', modelInImage, modelLoad };
  }
  const declared = declaredPattern(input);
  if (declared) {
    return {
      pattern: declared.pattern,
      modelInImage,
      modelLoad,
      declared: declared.evidence,
    };
  }
  const supplied = readable ? suppliedAtStartEvidence(input) : [];
  if (supplied.length > 0) {
    return { pattern: 'model-load', modelInImage, modelLoad: supplied };
  }
  const forwarded = readable ? forwardsOnly(input.evidence!) : undefined;
  if (forwarded) {
    return {
      pattern: 'not-applicable',
      modelInImage,
      modelLoad,
      remoteModel: forwarded,
      reason:
        'the serving process loads no model: it forwards to a model served elsewhere',
    };
  }
  const modelFree = readable ? modelFreeUnit(input.evidence!) : undefined;
  if (modelFree) {
    return {
      pattern: 'not-applicable',
      modelInImage,
      modelLoad,
      modelFree,
      reason:
        'the unit holds no model: it installs no ML library and loads, fetches or serves no model',
    };
  }
  let reason: string;
  if (!input.evidence) {
    reason = 'no source location to read';
  } else if (!readable) {
    reason = `repository unavailable: ${
      input.evidence.reason ?? 'unknown reason'
    }`;
  } else {
    reason =
      'the repository shows neither a model copied into the image nor one loaded at start-up';
  }
  return { pattern: 'unknown', modelInImage, modelLoad, reason };
}

// A one-entry cache: the engine evaluates one input at a time, and three
// Model-load rules plus the report need its release pattern. (A WeakMap
// costs more than the detection saves at 100k entities per second.)
let lastInput: EvaluationInput | undefined;
let lastDetection: ReleasePatternDetection | undefined;

/**
 * `detectReleasePattern`, computed once per input object: several rules and
 * the engine need it for the same entity.
 */
export function releasePatternOf(
  input: EvaluationInput,
): ReleasePatternDetection {
  if (lastInput !== input || !lastDetection) {
    lastDetection = detectReleasePattern(input);
    lastInput = input;
  }
  return lastDetection;
}

import {
  EvidenceItem,
  INPUT_ANNOTATIONS,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { atField, atLine, listForMessage } from '../evidenceItems';
import {
  allContainers,
  isModelEnvName,
  servedLoad,
  storageUriText,
  usesVariable,
} from '../modelSignals';
import { releasePatternOf } from '../releasePattern';
import { EvaluationInput, MlPatternsRule, RuleOutcome } from '../types';
import {
  builtInRule,
  needsRepository,
  notApplicable,
  outcome,
  outcomeIfFound,
  readableEvidence,
  repositoryUnreadable,
} from './ruleHelpers';
import { normalizedName } from './modelLibraries';

/**
 * Model-load needs only concern entities released with Model-load (alone
 * or mixed with Model-in-image).
 */
function modelLoadRule(
  id: string,
  evaluate: (input: EvaluationInput) => RuleOutcome,
): MlPatternsRule {
  return builtInRule(id, input => {
    const { pattern, remoteModel, modelFree } = releasePatternOf(input);
    if (modelFree) {
      return outcome(
        'not-applicable',
        'The serving unit holds no model: it installs no ML library and loads, fetches or serves no model.',
        modelFree,
      );
    }
    if (remoteModel) {
      return outcome(
        'not-applicable',
        'The serving process loads no model: it forwards to a model served elsewhere.',
        [remoteModel],
      );
    }
    if (pattern !== 'model-load' && pattern !== 'mixed') {
      return notApplicable(
        pattern === 'unknown'
          ? 'The release pattern is unknown, so Model-load needs are not checked.'
          : `Released as ${pattern}, not Model-load.`,
      );
    }
    return evaluate(input);
  });
}

/** @public */
export const configurableModelRule: MlPatternsRule = modelLoadRule(
  RULE_IDS.configurableModel,
  needsRepository(evidence => {
    const configured: EvidenceItem[] = [];
    const literal: EvidenceItem[] = [];
    for (const workload of evidence.workloads) {
      if (workload.storageUri) {
        configured.push(
          atLine(
            workload.storageUri,
            `${storageUriText(workload.storageUri)} set in the manifest`,
          ),
        );
      }
      for (const container of allContainers(workload)) {
        for (const env of container.env) {
          if (isModelEnvName(env.name)) {
            configured.push(
              atLine(
                {
                  path: workload.path,
                  line: env.line ?? container.line ?? workload.line,
                },
                `container ${container.name} names the model in ${env.name}`,
              ),
            );
          }
        }
        if (container.downloadsModel) {
          (container.downloadsModel.configuredBy ||
          usesVariable(container.downloadsModel.description)
            ? configured
            : literal
          ).push(
            atLine(
              container.downloadsModel,
              container.downloadsModel.description,
            ),
          );
        }
      }
    }
    for (const dockerfile of evidence.dockerfiles) {
      for (const step of dockerfile.startupDownloads) {
        (usesVariable(step.description) ? configured : literal).push(
          atLine(step, step.description),
        );
      }
    }
    for (const loader of evidence.modelLoaders) {
      if (!servedLoad(evidence, loader)) continue;
      if (loader.configured) {
        configured.push(
          atLine(
            loader,
            `${loader.call} loads the model named by ${
              loader.configKey ?? 'configuration'
            }`,
          ),
        );
      } else if (loader.target !== undefined) {
        literal.push(
          atLine(loader, `${loader.call} loads the literal ${loader.target}`),
        );
      }
    }
    return (
      outcomeIfFound(
        'pass',
        'The model to load is chosen by configuration.',
        configured,
      ) ??
      outcomeIfFound(
        'fail',
        'The model to load is written into the code or image, not chosen by configuration.',
        literal,
      ) ??
      outcome(
        'unknown',
        'The repository does not show how the model to load is chosen.',
      )
    );
  }),
);

/** @public */
export const gatedReadinessRule: MlPatternsRule = modelLoadRule(
  RULE_IDS.gatedReadiness,
  needsRepository(evidence => {
    const gates: EvidenceItem[] = [];
    const weak: EvidenceItem[] = [];
    for (const workload of evidence.workloads) {
      if (workload.storageUri) {
        // KServe's storage initializer downloads the model before the predictor starts.
        gates.push(
          atLine(
            workload.storageUri,
            `the platform downloads the model before the server starts (${
              workload.storageUri.via ?? 'storageUri'
            })`,
          ),
        );
      }
      for (const init of workload.initContainers) {
        if (init.downloadsModel) {
          gates.push(
            atLine(
              init.downloadsModel,
              `init container ${init.name} downloads the model before the server starts`,
            ),
          );
        }
      }
      for (const container of workload.containers) {
        if (container.readinessProbe) {
          gates.push(
            atLine(
              container.readinessProbe,
              `readiness probe: ${container.readinessProbe.description}`,
            ),
          );
        }
        if (container.startupProbe) {
          gates.push(
            atLine(
              container.startupProbe,
              `startup probe: ${container.startupProbe.description}`,
            ),
          );
        }
        if (container.downloadsModel) {
          gates.push(
            atLine(
              container.downloadsModel,
              `start-up step downloads the model before serving: ${container.downloadsModel.description}`,
            ),
          );
        }
        if (container.livenessProbe) {
          weak.push(
            atLine(
              container.livenessProbe,
              `liveness probe only: ${container.livenessProbe.description}`,
            ),
          );
        }
      }
    }
    for (const dockerfile of evidence.dockerfiles) {
      for (const step of dockerfile.startupDownloads) {
        gates.push(
          atLine(
            step,
            `start-up step downloads the model before serving: ${step.description}`,
          ),
        );
      }
      for (const stage of dockerfile.stages.slice(-1)) {
        if (stage.healthcheck) {
          weak.push(
            atLine(
              { path: dockerfile.path, line: stage.healthcheck.line },
              `HEALTHCHECK ${stage.healthcheck.value}`,
            ),
          );
        }
      }
    }
    if (gates.length > 0) {
      return outcome(
        'pass',
        'The server is not ready until the model is loaded.',
        gates,
      );
    }
    if (evidence.workloads.length > 0 || weak.length > 0) {
      return outcome(
        'fail',
        weak.length > 0
          ? 'Only a liveness check or HEALTHCHECK: the server may receive traffic before the model is loaded.'
          : 'No readiness probe, init container or start-up download: the server may receive traffic before the model is loaded.',
        weak,
      );
    }
    return outcome(
      'unknown',
      'No deployment manifest in the repository, so readiness cannot be checked.',
    );
  }),
);

const REQUIRED_LIBRARIES_FIELD = `metadata.annotations.${INPUT_ANNOTATIONS.requiredLibraries}`;

interface LibraryPin {
  name: string;
  normalized: string;
  operator: string;
  version: string;
  raw: string;
}

const REQUIREMENT =
  /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(===|==|~=|>=|<=|!=|>|<)?\s*([^\s,;]*)$/;

/** Parses `scikit-learn==1.4.2, numpy==1.26.4`; entries that do not parse are skipped. */
export function parseRequiredLibraries(
  value: string | undefined,
): LibraryPin[] {
  if (!value) {
    return [];
  }
  const pins: LibraryPin[] = [];
  for (const part of value.split(/[,;\n]/)) {
    const raw = part.trim();
    const match = REQUIREMENT.exec(raw);
    if (raw === '' || !match) {
      continue;
    }
    pins.push({
      name: match[1],
      normalized: normalizedName(match[1]),
      operator: match[2] ?? '',
      version: match[3] ?? '',
      raw,
    });
  }
  return pins;
}

/** Most annotation values whose parse is kept (see `pinsOf`). */
const MAX_PARSED = 2000;
const parsedPins = new Map<string, ReadonlyArray<LibraryPin>>();

/**
 * `parseRequiredLibraries`, once per annotation value: many models of a
 * catalog declare the same libraries, and every evaluation of a serving
 * unit reads them. The pins are only read, never changed.
 */
function pinsOf(value: string | undefined): ReadonlyArray<LibraryPin> {
  if (!value) return [];
  let pins = parsedPins.get(value);
  if (!pins) {
    pins = parseRequiredLibraries(value);
    if (parsedPins.size >= MAX_PARSED) {
      // The oldest value first: a Map keeps insertion order.
      parsedPins.delete(parsedPins.keys().next().value!);
    }
    parsedPins.set(value, pins);
  }
  return pins;
}

function versionMatches(
  required: LibraryPin,
  provided: string,
): boolean | undefined {
  if (required.operator !== '==' && required.operator !== '===') {
    return undefined; // a range is not a table entry we can compare exactly
  }
  if (required.version.endsWith('.*')) {
    const prefix = required.version.slice(0, -1);
    return provided.startsWith(prefix);
  }
  return provided === required.version;
}

/** @public */
export const libraryCompatibilityRule: MlPatternsRule = modelLoadRule(
  RULE_IDS.libraryCompatibility,
  input => {
    const evidence = readableEvidence(input);
    if (input.related.status !== 'ok') {
      return outcome(
        'unknown',
        `Catalog relations unavailable${
          input.related.reason ? `: ${input.related.reason}` : ''
        }, so the served models’ libraries are unknown.`,
      );
    }
    const runtimes = (evidence?.servingRuntimes ?? []).filter(runtime =>
      runtime.supportedModelFormats.some(format => format.version),
    );
    if (runtimes.length > 0) {
      return outcome(
        'pass',
        'A ServingRuntime declares the model formats and versions it supports.',
        runtimes.map(runtime =>
          atLine(
            runtime,
            `${runtime.name} supports ${runtime.supportedModelFormats
              .map(f => (f.version ? `${f.name} ${f.version}` : f.name))
              .join(', ')}`,
          ),
        ),
      );
    }
    const declaring = input.related.servedModels
      .map(model => ({
        model,
        pins: pinsOf(model.requiredLibraries),
      }))
      .filter(entry => entry.pins.length > 0);
    if (declaring.length === 0) {
      return outcome(
        'fail',
        'No table of supported library versions: no served model declares the libraries it needs.',
        input.related.servedModels.map(model =>
          atField(REQUIRED_LIBRARIES_FIELD, 'missing', model.entityRef),
        ),
      );
    }
    if (!evidence) {
      return repositoryUnreadable(input);
    }
    const provided = new Map<
      string,
      Array<{
        version: string;
        pinned: boolean;
        path: string;
        line?: number;
        raw: string;
      }>
    >();
    for (const manifest of evidence.dependencyManifests) {
      for (const requirement of manifest.requirements) {
        const key = normalizedName(requirement.name);
        const list = provided.get(key) ?? [];
        list.push({
          version: requirement.specifier.replace(/^===?/, '').trim(),
          pinned: requirement.pinned,
          path: manifest.path,
          line: requirement.line,
          raw: `${requirement.name}${requirement.specifier}`,
        });
        provided.set(key, list);
      }
    }
    const problems: EvidenceItem[] = [];
    const matched: EvidenceItem[] = [];
    const uncomparable: string[] = [];
    for (const { model, pins } of declaring) {
      for (const pin of pins) {
        const modelSide = atField(
          REQUIRED_LIBRARIES_FIELD,
          `${model.entityRef} needs ${pin.raw}`,
          model.entityRef,
        );
        const candidates = provided.get(pin.normalized) ?? [];
        const pinned = candidates.filter(c => c.pinned);
        if (pinned.length === 0) {
          if (candidates.length === 0 && evidence.lockfiles.length > 0) {
            uncomparable.push(pin.raw); // may be pinned in a lockfile we do not read
            continue;
          }
          problems.push(modelSide);
          if (candidates.length === 0) {
            problems.push({
              note: `${pin.name} is not in the serving unit’s requirements`,
            });
          } else {
            problems.push(
              ...candidates.map(c => atLine(c, `${c.raw} is not pinned`)),
            );
          }
          continue;
        }
        const results = pinned.map(c => versionMatches(pin, c.version));
        if (results.some(r => r === true)) {
          const hit = pinned[results.indexOf(true)];
          matched.push(modelSide, atLine(hit, `${hit.raw} provided`));
        } else if (results.every(r => r === undefined)) {
          uncomparable.push(pin.raw);
        } else {
          problems.push(
            modelSide,
            ...pinned.map(c => atLine(c, `${c.raw} provided`)),
          );
        }
      }
    }
    if (problems.length > 0) {
      return outcome(
        'fail',
        'The serving image does not provide the library versions its models need.',
        problems,
      );
    }
    if (uncomparable.length > 0) {
      return outcome(
        'unknown',
        `Cannot compare ${listForMessage(
          uncomparable,
        )} with the serving unit’s pinned requirements.`,
        matched,
      );
    }
    return outcome(
      'pass',
      'The serving image pins the library versions its models need.',
      matched,
    );
  },
);

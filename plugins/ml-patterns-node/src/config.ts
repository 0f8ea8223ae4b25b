import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  DEFAULT_GRADE_BANDS,
  DEFAULT_SCOPE,
  ENTITY_ROLES,
  EntityRole,
  GradeBands,
  ScopeConfig,
  ScopeEntry,
} from '@ml-patterns/plugin-ml-patterns-common';
import { builtInRules } from './engine/rules';
import { EngineOptions } from './engine/types';

/**
 * The engine settings and scope read from `mlPatterns`.
 *
 * @public
 */
export interface MlPatternsConfig {
  engine: EngineOptions;
  scope: ScopeConfig;
}

const BAND_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

function invalid(key: string, problem: string): InputError {
  return new InputError(`Invalid ml-patterns config at '${key}': ${problem}`);
}

/** Config getters throw their own (good) messages; keep them but say it is ours. */
function read<T>(key: string, get: () => T): T {
  try {
    return get();
  } catch (error) {
    throw invalid(key, error instanceof Error ? error.message : String(error));
  }
}

function readRules(
  config: Config,
  knownIds: ReadonlySet<string>,
): Pick<EngineOptions, 'weights' | 'disabled'> {
  const entries = read('mlPatterns.rules', () =>
    config.getOptionalConfigArray('mlPatterns.rules'),
  );
  const weights: Record<string, number> = {};
  const disabled: string[] = [];
  const seen = new Set<string>();
  (entries ?? []).forEach((entry, index) => {
    const key = `mlPatterns.rules[${index}]`;
    const id = read(`${key}.id`, () => entry.getString('id'));
    if (!knownIds.has(id)) {
      throw invalid(
        `${key}.id`,
        `unknown rule '${id}'; known rules are ${[...knownIds].join(', ')}`,
      );
    }
    if (seen.has(id)) {
      throw invalid(`${key}.id`, `rule '${id}' is configured twice`);
    }
    seen.add(id);
    const weight = read(`${key}.weight`, () =>
      entry.getOptionalNumber('weight'),
    );
    if (weight !== undefined) {
      if (!Number.isFinite(weight) || weight < 0) {
        throw invalid(
          `${key}.weight`,
          `weight of '${id}' must be a number ≥ 0, got ${weight}`,
        );
      }
      weights[id] = weight;
    }
    const enabled = read(`${key}.enabled`, () =>
      entry.getOptionalBoolean('enabled'),
    );
    if (enabled === false) {
      disabled.push(id);
    }
  });
  return { weights, disabled };
}

function readGradeBands(config: Config): GradeBands {
  const bands = read('mlPatterns.gradeBands', () =>
    config.getOptionalConfig('mlPatterns.gradeBands'),
  );
  if (!bands) {
    return DEFAULT_GRADE_BANDS;
  }
  for (const key of bands.keys()) {
    if (!(BAND_GRADES as readonly string[]).includes(key)) {
      throw invalid(
        `mlPatterns.gradeBands.${key}`,
        `unknown grade; use ${BAND_GRADES.join(
          ', ',
        )} (scores below E's minimum get F)`,
      );
    }
  }
  const defaults = new Map(DEFAULT_GRADE_BANDS.map(b => [b.grade, b.min]));
  const result: GradeBands = BAND_GRADES.map(grade => {
    const key = `mlPatterns.gradeBands.${grade}`;
    const min =
      read(key, () => bands.getOptionalNumber(grade)) ??
      defaults.get(grade) ??
      0;
    if (!Number.isFinite(min) || min < 0 || min > 100) {
      throw invalid(key, `minimum score must be between 0 and 100, got ${min}`);
    }
    return { grade, min };
  });
  for (let i = 1; i < result.length; i++) {
    if (result[i].min >= result[i - 1].min) {
      throw invalid(
        `mlPatterns.gradeBands.${result[i].grade}`,
        `minimum ${result[i].min} must be lower than ${
          result[i - 1].grade
        }'s minimum ${result[i - 1].min}`,
      );
    }
  }
  return result;
}

function readScope(config: Config): ScopeConfig {
  const scopeConfig = read('mlPatterns.scope', () =>
    config.getOptionalConfig('mlPatterns.scope'),
  );
  const scope: ScopeConfig = { ...DEFAULT_SCOPE };
  if (!scopeConfig) {
    return scope;
  }
  for (const role of scopeConfig.keys()) {
    if (!ENTITY_ROLES.includes(role as EntityRole)) {
      throw invalid(
        `mlPatterns.scope.${role}`,
        `unknown role; use ${ENTITY_ROLES.join(', ')}`,
      );
    }
    const entries = read(`mlPatterns.scope.${role}`, () =>
      scopeConfig.getConfigArray(role),
    );
    scope[role as EntityRole] = entries.map((entry, index): ScopeEntry => {
      const key = `mlPatterns.scope.${role}[${index}]`;
      const kind = read(`${key}.kind`, () => entry.getString('kind'));
      const types = read(`${key}.types`, () => {
        const value = entry.getOptional('types');
        return typeof value === 'string'
          ? [value]
          : entry.getStringArray('types');
      });
      if (types.length === 0) {
        throw invalid(`${key}.types`, "list at least one type, or '*' for any");
      }
      const when =
        read(`${key}.when`, () => entry.getOptionalString('when')) ?? 'always';
      if (when !== 'always' && when !== 'depends-on-ml') {
        throw invalid(
          `${key}.when`,
          `use 'always' or 'depends-on-ml', got '${when}'`,
        );
      }
      return { kind, types, when };
    });
  }
  return scope;
}

/**
 * Reads and validates the `mlPatterns` config: rule weights and switches
 * (`mlPatterns.rules`), grade bands (`mlPatterns.gradeBands`) and which
 * entities are scored (`mlPatterns.scope`). Invalid values throw an
 * `InputError` naming the key.
 *
 * @param options - `ruleIds`: the ids config may name; defaults to the
 *   built-in rules. Pass the ids of extension rules too so they can be
 *   configured.
 * @public
 */
export function readMlPatternsConfig(
  config: Config,
  options: { ruleIds?: Iterable<string> } = {},
): MlPatternsConfig {
  const knownIds = new Set(
    options.ruleIds ?? builtInRules.map(rule => rule.id),
  );
  return {
    engine: {
      ...readRules(config, knownIds),
      gradeBands: readGradeBands(config),
    },
    scope: readScope(config),
  };
}

/**
 * Default of `mlPatterns.evidence.maxStaleAge`: long enough to ride out an
 * SCM outage or a spent rate limit over a weekend, short enough that a
 * repository nobody can read any more stops showing an old grade.
 */
const DEFAULT_MAX_STALE_AGE_MS = 3 * 24 * 60 * 60_000;

/**
 * `mlPatterns.evidence.maxStaleAge` in milliseconds: how long the last good
 * evidence of a location is used while reading it fails with an error that
 * may pass.
 */
export function readMaxStaleAgeMs(config: Config): number {
  const key = 'mlPatterns.evidence.maxStaleAge';
  if (!config.has(key)) {
    return DEFAULT_MAX_STALE_AGE_MS;
  }
  return read(key, () =>
    durationToMilliseconds(readDurationFromConfig(config, { key })),
  );
}

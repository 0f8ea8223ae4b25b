import { Entity } from '@backstage/catalog-model';
import {
  CheckResult,
  EntityRole,
  GradeBands,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../evidence/types';

/**
 * A model an entity serves (a dependsOn target with the model role).
 *
 * @public
 */
export interface RelatedModel {
  entityRef: string;
  /** Value of the model's ml-patterns.io/required-libraries annotation. */
  requiredLibraries?: string;
}

/**
 * A serving unit that shares a server group with the scored one.
 *
 * @public
 */
export interface ServerGroupPeer {
  entityRef: string;
  /** The shared group: a kubernetes-id or a declared server group. */
  group: string;
  /** Where the group was declared, e.g. `metadata.annotations.backstage.io/kubernetes-id`. */
  field: string;
}

/**
 * Facts about the scored entity's neighbours in the catalog, gathered by the
 * caller (the catalog processor, or the CLI from local files).
 *
 * @public
 */
export interface RelatedFacts {
  /** `ok` when the catalog could be asked; otherwise cross-entity checks are unknown. */
  status: 'ok' | 'unavailable';
  reason?: string;
  /** Models this entity serves (for serving units) — dependsOn targets with the model role. */
  servedModels: RelatedModel[];
  /** For a model: the serving units that depend on it, with how many models each serves. */
  servingUnits: Array<{ entityRef: string; modelCount: number }>;
  /** Other serving units deployed in the same server group. */
  serverGroupPeers: ServerGroupPeer[];
  /** Dataset entities this entity depends on. */
  datasets: string[];
  /** For a model: source-holding entities (training repositories) it depends on or is produced by. */
  codeEntities: string[];
}

/**
 * Everything the engine needs to score one entity. The engine is pure: the
 * same input always gives the same report.
 *
 * @public
 */
export interface EvaluationInput {
  entity: Entity;
  role: EntityRole;
  related: RelatedFacts;
  /**
   * Evidence from the entity's source folder; undefined when the entity has
   * no source location at all.
   */
  evidence?: RepositoryEvidence;
  /**
   * When the entity is evaluated: a waiver past its `until` day no longer
   * applies. The system clock when omitted.
   */
  now?: Date;
}

/**
 * What a rule returns; the engine adds the rule id and waivers.
 *
 * @public
 */
export type RuleOutcome = Omit<
  CheckResult,
  'ruleId' | 'waiver' | 'waiverProblem'
>;

/**
 * A rule: its catalog data plus its logic. Adopters add their own through
 * the `mlPatternsRulesExtensionPoint`.
 *
 * @public
 */
export interface MlPatternsRule extends RuleDefinition {
  evaluate(input: EvaluationInput): RuleOutcome;
}

/**
 * Engine settings, usually read from `mlPatterns.rules` and
 * `mlPatterns.gradeBands`.
 *
 * @public
 */
export interface EngineOptions {
  /** Rule weights by id, overriding the rules' defaults. */
  weights?: Record<string, number>;
  /** Rule ids that are switched off. */
  disabled?: string[];
  gradeBands?: GradeBands;
}

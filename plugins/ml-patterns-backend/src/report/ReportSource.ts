import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityReport,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';
import { SourceLocation } from '@ml-patterns/plugin-ml-patterns-node';

/**
 * Where the REST API gets reports from: the full report of one entity, where
 * its evidence is read from, and the rules in force. The report-time scorer
 * (`MlPatternsReportScorer` of `@ml-patterns/plugin-ml-patterns-node`) is one;
 * tests pass their own.
 */
export interface ReportSource {
  /** Full report for an in-scope entity; undefined when the entity is out of scope. */
  score(
    entity: Entity,
    options?: { credentials?: BackstageCredentials; now?: Date },
  ): Promise<EntityReport | undefined>;
  /**
   * Where `score` reads the entity's repository evidence from (no read, no
   * other catalog facts); undefined when out of scope or without a source.
   */
  evidenceLocation(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<SourceLocation | undefined>;
  /** Built-in rules and rules added through the extension point. */
  rules(): RuleDefinition[];
  /**
   * Whether a rule is switched on (`mlPatterns.rules[].enabled`). When
   * absent, every rule `rules()` lists is taken as enabled.
   */
  isEnabled?(ruleId: string): boolean;
  /**
   * The weight a rule counts with after `mlPatterns.rules[].weight`
   * overrides. When absent (or undefined), the rule's own weight.
   */
  weightOf?(ruleId: string): number | undefined;
  /** The version stamped with the reports; `RULESET_VERSION` when absent. */
  rulesetVersion?(): string;
}

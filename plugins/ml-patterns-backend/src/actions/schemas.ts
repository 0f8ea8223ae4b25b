import {
  ANTI_PATTERN_VERDICTS,
  ENTITY_ROLES,
  EntityReportResponse,
  EVIDENCE_STATUSES,
  GRADES,
  PATTERN_IDS,
  RELEASE_PATTERNS,
  RulesResponse,
  ScorecardEntity,
  ScorecardRow,
  ScorecardSnapshot,
  VERDICTS,
  WAIVER_STATES,
} from '@ml-patterns/plugin-ml-patterns-common';
import type { z as zod } from 'zod/v3';
import type { ListedEntity } from '../scorecards/ScorecardService';

/** The zod the actions registry hands to schema factories. */
export type Zod = typeof zod;

/** The values of one of -common's lists, as zod wants an enumeration's. */
export function values<T extends string>(list: ReadonlyArray<T>): [T, ...T[]] {
  const [first, ...rest] = list;
  return [first, ...rest];
}

function gradeCounts(z: Zod) {
  return z.object({
    A: z.number(),
    B: z.number(),
    C: z.number(),
    D: z.number(),
    E: z.number(),
    F: z.number(),
  });
}

function detectionCounts(z: Zod) {
  return z.object({ 'all-in-one': z.number(), 'only-me': z.number() });
}

/** A rule's reference for further reading. */
function reference(z: Zod) {
  return z.object({ title: z.string(), url: z.string() });
}

/**
 * The report endpoint's answer: the full report with each check's rule
 * text and browser URLs on evidence.
 */
export function reportResponseSchema(z: Zod) {
  const antiPatternVerdict = z.enum(values(ANTI_PATTERN_VERDICTS));
  const evidence = z.object({
    path: z.string().optional(),
    line: z.number().optional(),
    field: z.string().optional(),
    entityRef: z.string().optional(),
    note: z.string().optional(),
    url: z.string().optional(),
  });
  const waiverTerms = z.object({
    reason: z.string(),
    approvedBy: z.string().describe('Who approved it: a user or group ref'),
    until: z.string().describe('Last day it applies, YYYY-MM-DD (UTC)'),
    ticket: z.string().optional(),
  });
  const check = z.object({
    ruleId: z.string(),
    verdict: z.enum(values(VERDICTS)),
    message: z.string(),
    evidence: z.array(evidence),
    waiver: waiverTerms
      .optional()
      .describe('Set when an active waiver waives the check'),
    waiverProblem: z
      .string()
      .optional()
      .describe('Why a waiver of the check does not apply (expired, invalid)'),
    rule: z.object({
      title: z.string(),
      pattern: z.enum(values(PATTERN_IDS)),
      rationale: z.string(),
      remediation: z.array(z.string()),
      references: z.array(reference(z)),
    }),
  });
  return z.object({
    report: z.object({
      entityRef: z.string(),
      role: z.enum(values(ENTITY_ROLES)),
      score: z
        .number()
        .nullable()
        .describe('0–100, or null when nothing could be verified'),
      grade: z.enum(values(GRADES)).nullable(),
      coverage: z
        .number()
        .describe('Share (0–1) of the applicable checks that were verified'),
      antiPatterns: z.object({
        'all-in-one': antiPatternVerdict,
        'only-me': antiPatternVerdict,
      }),
      releasePattern: z.enum(values(RELEASE_PATTERNS)),
      checks: z.array(check),
      evidenceSource: z.object({
        status: z.enum(values(EVIDENCE_STATUSES)),
        location: z.string().optional(),
        reason: z.string().optional(),
        readAt: z.string().optional(),
      }),
      rulesetVersion: z.string(),
      waivers: z
        .array(
          z.object({
            ruleId: z.string().optional(),
            state: z.enum(values(WAIVER_STATES)),
            reason: z.string().optional(),
            approvedBy: z.string().optional(),
            until: z.string().optional(),
            ticket: z.string().optional(),
            problem: z
              .string()
              .optional()
              .describe('What is wrong with an invalid waiver'),
          }),
        )
        .describe('Every waiver the entity declares, with its state'),
    }),
    evaluatedAt: z.string().describe('When the report was computed (ISO 8601)'),
  });
}

/** One row of the scorecards: a team, system or domain. */
export function scorecardRowSchema(z: Zod) {
  return z.object({
    groupRef: z.string(),
    entityCount: z.number(),
    meanScore: z.number().nullable(),
    grades: gradeCounts(z),
    ungraded: z.number(),
    detections: detectionCounts(z),
    meanCoverage: z.number().nullable(),
    waivedChecks: z.number().describe('Checks an active waiver waives'),
  });
}

/** One day of a group's scorecard history. */
export function scorecardSnapshotSchema(z: Zod) {
  return z.object({
    day: z.string().describe('YYYY-MM-DD (UTC)'),
    entityCount: z.number(),
    meanScore: z.number().nullable(),
    detections: detectionCounts(z),
    grades: gradeCounts(z).optional(),
    ungraded: z.number().optional(),
    meanCoverage: z.number().nullable().optional(),
  });
}

/** One scored entity as the processor stamped it (no repository read). */
export function scorecardEntitySchema(z: Zod) {
  return z.object({
    entityRef: z.string(),
    title: z.string().optional(),
    kind: z.string(),
    type: z.string().optional(),
    score: z.number().nullable(),
    grade: z.enum(values(GRADES)).nullable(),
    allInOne: z.string(),
    onlyMe: z.string(),
    releasePattern: z.string(),
    failedChecks: z.array(z.string()).describe('Ids of the failed rules'),
  });
}

/** A scored entity with its owner and system, as the entity list gives it. */
export function listedEntitySchema(z: Zod) {
  return scorecardEntitySchema(z).extend({
    owner: z.string().describe("Full ref of the owner, or 'none'"),
    system: z.string().describe("Full ref of the system, or 'none'"),
  });
}

/** A rule of the rule catalog, as the rules endpoint lists it. */
export function ruleSchema(z: Zod) {
  return z.object({
    id: z.string(),
    pattern: z.enum(values(PATTERN_IDS)),
    title: z.string(),
    appliesTo: z.array(z.enum(values(ENTITY_ROLES))),
    weight: z.number(),
    rationale: z.string().describe('Why the rule matters'),
    remediation: z.array(z.string()).describe('Steps to fix a failure'),
    references: z.array(reference(z)),
    enabled: z.boolean(),
    source: z.enum(['built-in', 'extension']),
  });
}

type Output<Factory extends (z: Zod) => zod.ZodTypeAny> = zod.infer<
  ReturnType<Factory>
>;
/** True when the schema's values and the REST API's type are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends true[]> = T;

/**
 * Fails the type check when an action's schema and the type of what the
 * services answer drift apart: the actions answer exactly what the REST
 * API does.
 */
export type SchemasMatchTheRestApi = AllTrue<
  [
    Same<Output<typeof reportResponseSchema>, EntityReportResponse>,
    Same<Output<typeof scorecardRowSchema>, ScorecardRow>,
    Same<Output<typeof scorecardSnapshotSchema>, ScorecardSnapshot>,
    Same<Output<typeof scorecardEntitySchema>, ScorecardEntity>,
    Same<Output<typeof listedEntitySchema>, ListedEntity>,
    Same<Output<typeof ruleSchema>, RulesResponse['rules'][number]>,
  ]
>;

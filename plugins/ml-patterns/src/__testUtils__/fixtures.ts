import { Entity } from '@backstage/catalog-model';
import {
  BUILT_IN_RULES,
  EntityReportResponse,
  OUTPUT_ANNOTATIONS,
  RULE_IDS,
  ScorecardEntity,
  ScorecardRow,
  ScorecardSnapshot,
  WaiversResponse,
} from '@ml-patterns/plugin-ml-patterns-common';

/** Test data shaped like the backend's responses (see common/src/api.ts). */

export const BASE_URL = 'http://localhost:7007/api/ml-patterns';

function ruleText(ruleId: string) {
  const rule = BUILT_IN_RULES.find(r => r.id === ruleId)!;
  const { title, pattern, rationale, remediation, references } = rule;
  return { title, pattern, rationale, remediation, references };
}

export const servingEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'recommender-all-in-one',
    namespace: 'default',
    annotations: {
      [OUTPUT_ANNOTATIONS.role]: 'serving-unit',
      [OUTPUT_ANNOTATIONS.score]: '52',
      [OUTPUT_ANNOTATIONS.grade]: 'd',
      [OUTPUT_ANNOTATIONS.coverage]: '80',
      [OUTPUT_ANNOTATIONS.allInOne]: 'detected',
      [OUTPUT_ANNOTATIONS.onlyMe]: 'clear',
      [OUTPUT_ANNOTATIONS.releasePattern]: 'model-in-image',
      [OUTPUT_ANNOTATIONS.failedChecks]: `${RULE_IDS.oneModelPerServer},${RULE_IDS.ownDependencies}`,
      [OUTPUT_ANNOTATIONS.unknownChecks]: RULE_IDS.codeReview,
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys-team' },
};

export const outOfScopeEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web-frontend', namespace: 'default' },
  spec: { type: 'website', owner: 'group:default/web-team' },
};

export const teamEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'recsys-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/**
 * The All-in-one service's report. Checks are deliberately in an order
 * that is not the display order (a passed check first).
 */
export const servingReport: EntityReportResponse = {
  evaluatedAt: '2026-11-20T10:00:00.000Z',
  report: {
    entityRef: 'component:default/recommender-all-in-one',
    role: 'serving-unit',
    score: 52,
    grade: 'D',
    coverage: 0.8,
    antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
    releasePattern: 'model-in-image',
    evidenceSource: {
      status: 'ok',
      location: 'url:https://github.com/acme/recommender/tree/main',
    },
    rulesetVersion: '1',
    checks: [
      {
        ruleId: RULE_IDS.teamOwnership,
        verdict: 'pass',
        message: 'Owned by group:default/recsys-team',
        evidence: [{ field: 'spec.owner' }],
        rule: ruleText(RULE_IDS.teamOwnership),
      },
      {
        ruleId: RULE_IDS.oneModelPerServer,
        verdict: 'fail',
        message: 'The server loads 3 models: ranker, embedder, filter',
        evidence: [
          {
            path: 'serve/app.py',
            line: 12,
            note: 'loads ranker.pkl',
            url: 'https://github.com/acme/recommender/blob/main/serve/app.py#L12',
          },
          { path: 'serve/app.py', line: 13, note: 'loads embedder.pt' },
          {
            field: 'relations.dependsOn',
            entityRef: 'resource:default/ranker-model',
          },
        ],
        rule: ruleText(RULE_IDS.oneModelPerServer),
      },
      {
        ruleId: RULE_IDS.codeReview,
        verdict: 'unknown',
        message: 'CODEOWNERS could not be read: the repository returned 403',
        evidence: [],
        rule: ruleText(RULE_IDS.codeReview),
      },
      {
        ruleId: RULE_IDS.noSharedServerGroup,
        verdict: 'fail',
        message: 'Deployed with the search service',
        evidence: [],
        waiver: {
          reason: 'Migration to separate deployments planned for Q1',
          approvedBy: 'group:default/ml-platform',
          until: '2027-03-31',
          ticket: 'https://tracker.example.com/browse/ML-12',
        },
        rule: ruleText(RULE_IDS.noSharedServerGroup),
      },
      {
        ruleId: RULE_IDS.ownDependencies,
        verdict: 'fail',
        message: 'No dependency manifest in serve/',
        evidence: [
          {
            path: 'Dockerfile',
            line: 7,
            note: 'pip install from ../requirements.txt',
          },
        ],
        waiverProblem:
          'Waiver expired on 2026-10-31 (approved by group:default/ml-platform): it no longer applies.',
        rule: ruleText(RULE_IDS.ownDependencies),
      },
      {
        ruleId: RULE_IDS.notNotebookOnly,
        verdict: 'not-applicable',
        message: 'Serving units are not judged on notebooks',
        evidence: [],
        rule: ruleText(RULE_IDS.notNotebookOnly),
      },
    ],
    waivers: [
      {
        ruleId: RULE_IDS.noSharedServerGroup,
        state: 'active',
        reason: 'Migration to separate deployments planned for Q1',
        approvedBy: 'group:default/ml-platform',
        until: '2027-03-31',
        ticket: 'https://tracker.example.com/browse/ML-12',
      },
      {
        ruleId: RULE_IDS.ownDependencies,
        state: 'expired',
        reason: 'Uses the platform base image',
        approvedBy: 'group:default/ml-platform',
        until: '2026-10-31',
      },
      {
        ruleId: 'acme/gpu-quota',
        state: 'invalid',
        reason: 'Shares the GPU pool',
        problem: "no rule has the id 'acme/gpu-quota'",
      },
    ],
  },
};

const NO_GRADES = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };

export const scorecardRows: ScorecardRow[] = [
  {
    groupRef: 'group:default/recsys-team',
    entityCount: 4,
    meanScore: 48,
    grades: { ...NO_GRADES, B: 1, D: 2 },
    ungraded: 1,
    detections: { 'all-in-one': 2, 'only-me': 0 },
    meanCoverage: 0.75,

    waivedChecks: 1,
  },
  {
    groupRef: 'group:default/vision-team',
    entityCount: 2,
    meanScore: 91,
    grades: { ...NO_GRADES, A: 2 },
    ungraded: 0,
    detections: { 'all-in-one': 0, 'only-me': 0 },
    meanCoverage: 1,

    waivedChecks: 0,
  },
  {
    groupRef: 'group:default/research',
    entityCount: 3,
    meanScore: 22,
    grades: { ...NO_GRADES, F: 3 },
    ungraded: 0,
    detections: { 'all-in-one': 0, 'only-me': 3 },
    meanCoverage: 0.5,

    waivedChecks: 2,
  },
];

export const recsysEntities: ScorecardEntity[] = [
  {
    entityRef: 'component:default/recommender-all-in-one',
    kind: 'Component',
    type: 'model-server',
    score: 52,
    grade: 'D',
    allInOne: 'detected',
    onlyMe: 'clear',
    releasePattern: 'model-in-image',
    failedChecks: [RULE_IDS.oneModelPerServer, RULE_IDS.ownDependencies],
  },
  {
    entityRef: 'resource:default/ranker-model',
    title: 'Ranker model',
    kind: 'Resource',
    type: 'ml-model',
    score: 80,
    grade: 'B',
    allInOne: 'clear',
    onlyMe: 'clear',
    releasePattern: 'not-applicable',
    failedChecks: [],
  },
  {
    entityRef: 'component:default/ranker-training',
    kind: 'Component',
    type: 'training-pipeline',
    score: null,
    grade: null,
    allInOne: 'not-applicable',
    onlyMe: 'unknown',
    releasePattern: 'not-applicable',
    failedChecks: [],
  },
  {
    entityRef: 'component:default/search-server',
    kind: 'Component',
    type: 'model-server',
    score: 30,
    grade: 'E',
    allInOne: 'detected',
    onlyMe: 'clear',
    releasePattern: 'model-load',
    failedChecks: [RULE_IDS.noSharedServerGroup, RULE_IDS.gatedReadiness],
  },
];

export function history(scores: Array<number | null>): ScorecardSnapshot[] {
  return scores.map((meanScore, index) => ({
    day: `2026-11-${String(index + 1).padStart(2, '0')}`,
    entityCount: 4,
    meanScore,
    detections: { 'all-in-one': 2, 'only-me': 0 },
  }));
}

/** A JSON error body as the Backstage backend's error handler sends it. */
export function backendError(status: number, name: string, message: string) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode: status },
  };
}

/** The audit list as the backend answers it, soonest end first. */
export const waiverList: WaiversResponse = {
  waivers: [
    {
      entityRef: 'component:default/recsys-serving',
      entityTitle: 'Recommendations server',
      ownerRef: 'group:default/recsys-team',
      ruleId: RULE_IDS.codeReview,
      state: 'expired',
      reason: 'Pair programming on every change',
      approvedBy: 'group:default/ml-platform-team',
      until: '2026-09-30',
    },
    {
      entityRef: 'component:default/recsys-serving',
      entityTitle: 'Recommendations server',
      ownerRef: 'group:default/recsys-team',
      ruleId: RULE_IDS.noSharedServerGroup,
      state: 'active',
      reason: 'Migration to separate deployments planned for Q1',
      approvedBy: 'group:default/ml-platform-team',
      until: '2027-03-31',
      ticket: 'https://tracker.example.com/browse/ML-12',
    },
    {
      entityRef: 'component:default/pricing-notebooks',
      ownerRef: 'user:default/alice',
      ruleId: RULE_IDS.teamOwnership,
      state: 'invalid',
      reason: 'Alice maintains it alone',
      problem:
        'no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform; no until: give the last day it applies, YYYY-MM-DD',
    },
  ],
  counts: { active: 1, expired: 1, invalid: 1 },
};

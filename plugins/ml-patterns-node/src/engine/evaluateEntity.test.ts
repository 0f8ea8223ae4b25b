import {
  INPUT_ANNOTATIONS,
  RULE_IDS,
  RULESET_VERSION,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  kserveWorkload,
  makeDockerfile,
  makeEntity,
  makeEvidence,
  makeInput,
  makeManifest,
  makeRelated,
  makeWorkload,
  req,
  unreadable,
} from './__testUtils__/factories';
import {
  activeWaiver,
  TEST_NOW,
  waiverAnnotation,
} from './__testUtils__/waivers';
import { evaluateEntity } from './evaluateEntity';
import { builtInRules } from './rules';
import { MlPatternsRule } from './types';

/** A well-run Model-load serving unit. */
const healthyService = makeInput({
  related: makeRelated({
    servedModels: [
      {
        entityRef: 'resource:default/ranker',
        requiredLibraries: 'scikit-learn==1.4.2',
      },
    ],
  }),
  evidence: makeEvidence({
    codeFiles: ['app/main.py'],
    dockerfiles: [
      makeDockerfile({ installsManifests: [{ path: 'Dockerfile', line: 4 }] }),
    ],
    dependencyManifests: [
      makeManifest('requirements.txt', [req('scikit-learn', '==1.4.2', 1)]),
    ],
    workloads: [kserveWorkload()],
    codeReview: [{ path: 'CODEOWNERS', kind: 'CODEOWNERS' }],
    ci: [{ path: '.github/workflows/ci.yml', kind: 'github-actions' }],
  }),
});

describe('evaluateEntity', () => {
  it('scores a well-run Model-load serving unit', () => {
    const report = evaluateEntity(healthyService, builtInRules);
    expect(report).toMatchObject({
      entityRef: 'component:default/recommender',
      role: 'serving-unit',
      score: 100,
      grade: 'A',
      coverage: 1,
      antiPatterns: { 'all-in-one': 'clear', 'only-me': 'clear' },
      releasePattern: 'model-load',
      evidenceSource: {
        status: 'ok',
        location: 'url:https://github.com/acme/recommender/tree/main/',
      },
      rulesetVersion: RULESET_VERSION,
    });
    expect(report.checks.map(c => c.ruleId)).toEqual(
      builtInRules.map(r => r.id),
    );
    const verdicts = Object.fromEntries(
      report.checks.map(c => [c.ruleId, c.verdict]),
    );
    expect(verdicts[RULE_IDS.notNotebookOnly]).toBe('not-applicable'); // role filter
    expect(verdicts[RULE_IDS.dataReference]).toBe('not-applicable');
  });

  it('detects All-in-one and lowers the score for a service serving two models in one process', () => {
    const report = evaluateEntity(
      {
        ...healthyService,
        related: makeRelated({
          servedModels: [
            { entityRef: 'resource:default/a' },
            { entityRef: 'resource:default/b' },
          ],
        }),
        evidence: {
          ...healthyService.evidence!,
          workloads: [makeWorkload({ modelsLoaded: 2 })],
        },
      },
      builtInRules,
    );
    expect(report.antiPatterns['all-in-one']).toBe('detected');
    expect(report.score).toBeLessThan(100);
  });

  it('grades an entity that shows an anti-pattern C at best, and lifts the cap once it is waived', () => {
    const allInOne = {
      ...healthyService,
      related: makeRelated({
        servedModels: [{ entityRef: 'resource:default/a' }],
      }),
      evidence: {
        ...healthyService.evidence!,
        workloads: [makeWorkload({ modelsLoaded: 2 })],
      },
    };
    const report = evaluateEntity(allInOne, builtInRules);
    expect(report.antiPatterns['all-in-one']).toBe('detected');
    // Every other check passes: without the cap this would be a B.
    expect(
      report.checks.filter(c => c.verdict === 'fail').map(c => c.ruleId),
    ).toEqual([RULE_IDS.oneModelPerServer]);
    expect(report.score).toBe(74);
    expect(report.grade).toBe('C');

    const waived = evaluateEntity(
      {
        ...allInOne,
        entity: {
          ...allInOne.entity,
          metadata: {
            ...allInOne.entity.metadata,
            annotations: {
              [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
                RULE_IDS.oneModelPerServer,
                'Triton serves these on purpose',
              ),
            },
          },
        },
        now: TEST_NOW,
      },
      builtInRules,
    );
    expect(waived.antiPatterns['all-in-one']).toBe('clear');
    expect(waived.score).toBe(100);
  });

  it('a waived check keeps its verdict and does not count in score or detection', () => {
    const input = {
      ...healthyService,
      entity: makeEntity({
        annotations: {
          [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
            RULE_IDS.oneModelPerServer,
            'ModelMesh on purpose',
            { ticket: 'https://tracker.example.com/ML-7' },
          ),
        },
      }),
      evidence: {
        ...healthyService.evidence!,
        workloads: [makeWorkload({ modelsLoaded: 3 })],
      },
      now: TEST_NOW,
    };
    const report = evaluateEntity(input, builtInRules);
    const check = report.checks.find(
      c => c.ruleId === RULE_IDS.oneModelPerServer,
    )!;
    expect(check.verdict).toBe('fail');
    expect(check.waiver).toEqual({
      ...activeWaiver('ModelMesh on purpose'),
      ticket: 'https://tracker.example.com/ML-7',
    });
    expect(report.antiPatterns['all-in-one']).toBe('clear');
    expect(report.waivers).toEqual([
      {
        ruleId: RULE_IDS.oneModelPerServer,
        state: 'active',
        ...check.waiver,
      },
    ]);
    const unwaived = evaluateEntity(
      { ...input, entity: makeEntity() },
      builtInRules,
    );
    expect(report.score!).toBeGreaterThan(unwaived.score!);
    expect(unwaived.waivers).toEqual([]);
  });

  describe('waivers over time', () => {
    const allInOne = {
      ...healthyService,
      entity: makeEntity({
        annotations: {
          [INPUT_ANNOTATIONS.waivers]: waiverAnnotation(
            RULE_IDS.oneModelPerServer,
            'ModelMesh on purpose',
            { until: '2026-06-30' },
          ),
        },
      }),
      evidence: {
        ...healthyService.evidence!,
        workloads: [makeWorkload({ modelsLoaded: 3 })],
      },
    };
    const at = (now: string) => {
      const report = evaluateEntity(
        { ...allInOne, now: new Date(now) },
        builtInRules,
      );
      const check = report.checks.find(
        c => c.ruleId === RULE_IDS.oneModelPerServer,
      )!;
      return { report, check };
    };

    it('applies through the last moment of its until day (UTC)', () => {
      const { report, check } = at('2026-06-30T23:59:59.999Z');
      expect(check.waiver?.until).toBe('2026-06-30');
      expect(check.waiverProblem).toBeUndefined();
      expect(report.antiPatterns['all-in-one']).toBe('clear');
      expect(report.waivers[0].state).toBe('active');
    });

    it('stops applying the day after, and the check says it expired', () => {
      const { report, check } = at('2026-07-01T00:00:00.000Z');
      expect(check.verdict).toBe('fail');
      expect(check.waiver).toBeUndefined();
      expect(check.waiverProblem).toBe(
        'Waiver expired on 2026-06-30 (approved by group:default/ml-platform): it no longer applies.',
      );
      expect(report.antiPatterns['all-in-one']).toBe('detected');
      expect(report.waivers).toEqual([
        {
          ruleId: RULE_IDS.oneModelPerServer,
          state: 'expired',
          reason: 'ModelMesh on purpose',
          approvedBy: 'group:default/ml-platform',
          until: '2026-06-30',
        },
      ]);
      // Scored as if it had no waiver at all.
      const unwaived = evaluateEntity(
        { ...allInOne, entity: makeEntity() },
        builtInRules,
      );
      expect(report.score).toBe(unwaived.score);
      expect(report.grade).toBe(unwaived.grade);
    });
  });

  it('reports invalid waivers on the entity, and waives nothing with them', () => {
    const disabled = RULE_IDS.dataReference;
    const report = evaluateEntity(
      {
        ...healthyService,
        entity: makeEntity({
          annotations: {
            [INPUT_ANNOTATIONS.waivers]: [
              `${RULE_IDS.teamOwnership}:`,
              `  reason: one maintainer until the team is hired`,
              `  until: 2026-12-31`,
              `acme/no-such-rule:`,
              `  reason: typo`,
              `  approvedBy: user:default/jane`,
              `  until: 2026-12-31`,
              `${disabled}:`,
              `  reason: datasets are in the feature store`,
              `  approvedBy: group:default/ml-platform`,
              `  until: 2026-12-31`,
            ].join('\n'),
          },
        }),
        now: TEST_NOW,
      },
      builtInRules,
      { disabled: [disabled] },
    );
    expect(report.waivers.map(w => [w.ruleId, w.state, w.problem])).toEqual([
      [
        RULE_IDS.teamOwnership,
        'invalid',
        'no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform',
      ],
      [
        'acme/no-such-rule',
        'invalid',
        "no rule has the id 'acme/no-such-rule'",
      ],
      // A rule switched off in config is still a rule: its waiver is fine.
      [disabled, 'active', undefined],
    ]);
    const check = report.checks.find(c => c.ruleId === RULE_IDS.teamOwnership)!;
    expect(check.waiver).toBeUndefined();
    expect(check.waiverProblem).toBe(
      'Waiver not applied: no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform.',
    );
  });

  it('reports an unreadable waivers annotation as a problem, never a crash', () => {
    const report = evaluateEntity(
      {
        ...healthyService,
        entity: makeEntity({
          annotations: {
            [INPUT_ANNOTATIONS.waivers]: `${RULE_IDS.oneModelPerServer}: ModelMesh: see ADR-7`,
          },
        }),
        now: TEST_NOW,
      },
      builtInRules,
    );
    expect(report.waivers).toEqual([
      {
        state: 'invalid',
        problem: expect.stringMatching(
          /^ml-patterns\.io\/waivers is not valid YAML: .+ at line 1, column \d+$/,
        ),
      },
    ]);
    expect(report.checks.every(c => !c.waiver && !c.waiverProblem)).toBe(true);
    expect(report.score).toBe(
      evaluateEntity(healthyService, builtInRules).score,
    );
  });

  it('leaves disabled rules out and applies configured weights', () => {
    const input = makeInput({
      entity: makeEntity({ owner: 'user:default/alice' }),
      evidence: null,
    });
    const report = evaluateEntity(input, builtInRules, {
      disabled: [RULE_IDS.sourceRepository],
      weights: { [RULE_IDS.teamOwnership]: 10 },
    });
    expect(
      report.checks.some(c => c.ruleId === RULE_IDS.sourceRepository),
    ).toBe(false);
    // verified: team-ownership fail (10), no-shared-server-group pass (3), one-model-per-server unknown
    expect(report.score).toBe(Math.round((100 * 3) / 13));
    expect(report.evidenceSource).toEqual({ status: 'not-configured' });
  });

  it('does not score an entity whose repository is unreadable, and says why', () => {
    const report = evaluateEntity(
      { ...healthyService, evidence: unreadable },
      builtInRules,
    );
    expect(report.evidenceSource).toEqual({
      status: 'unavailable',
      reason: 'repository not found',
      location: 'url:https://github.com/acme/gone',
    });
    expect(report.coverage).toBeLessThan(0.5);
    // The descriptor checks alone all pass: a grade from them would be an A.
    expect(report.score).toBeNull();
    expect(report.grade).toBeNull();
    expect(report.releasePattern).toBe('unknown');
    expect(report.antiPatterns['only-me']).toBe('unknown');
  });

  it('turns a rule that throws or answers nonsense into unknown', () => {
    const base = {
      pattern: 'only-me' as const,
      title: 't',
      appliesTo: ['serving-unit' as const],
      weight: 1,
      rationale: '',
      remediation: [],
      references: [],
    };
    const throwing: MlPatternsRule = {
      ...base,
      id: 'acme/throws',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const nonsense: MlPatternsRule = {
      ...base,
      id: 'acme/nonsense',
      evaluate: () => ({ verdict: 'maybe', message: 'x', evidence: [] } as any),
    };
    const report = evaluateEntity(healthyService, [throwing, nonsense]);
    expect(report.checks).toEqual([
      {
        ruleId: 'acme/throws',
        verdict: 'unknown',
        message: 'The rule could not be evaluated: boom',
        evidence: [],
      },
      {
        ruleId: 'acme/nonsense',
        verdict: 'unknown',
        message: 'The rule returned an invalid verdict (maybe).',
        evidence: [],
      },
    ]);
    expect(report.score).toBeNull();
    expect(report.grade).toBeNull();
  });

  it('is deterministic', () => {
    expect(evaluateEntity(healthyService, builtInRules)).toEqual(
      evaluateEntity(healthyService, builtInRules),
    );
  });
});

import {
  CheckResult,
  RULE_IDS,
  Verdict,
} from '@ml-patterns/plugin-ml-patterns-common';
import { detectAntiPatterns } from './antiPatterns';
import { builtInRules } from './rules';

const checks = (verdicts: Record<string, Verdict | 'waived'>): CheckResult[] =>
  builtInRules.map(rule => {
    const v = verdicts[rule.id] ?? 'pass';
    return v === 'waived'
      ? {
          ruleId: rule.id,
          verdict: 'fail',
          message: '',
          evidence: [],
          waiver: {
            reason: 'x',
            approvedBy: 'group:default/a',
            until: '2026-12-31',
          },
        }
      : { ruleId: rule.id, verdict: v, message: '', evidence: [] };
  });

const R = RULE_IDS;

describe('detectAntiPatterns', () => {
  const allInOne: Array<[string, Record<string, Verdict | 'waived'>, string]> =
    [
      ['all pass', {}, 'clear'],
      [
        'one model per server fails',
        { [R.oneModelPerServer]: 'fail' },
        'detected',
      ],
      [
        'shared server group fails',
        { [R.noSharedServerGroup]: 'fail' },
        'detected',
      ],
      [
        'one unknown, one pass',
        { [R.oneModelPerServer]: 'unknown' },
        'unknown',
      ],
      [
        'one unknown, one fail (true OR unknown = true)',
        { [R.oneModelPerServer]: 'unknown', [R.noSharedServerGroup]: 'fail' },
        'detected',
      ],
      [
        'a waived failure does not count',
        { [R.oneModelPerServer]: 'waived' },
        'clear',
      ],
      [
        'own-dependencies is not part of the formula',
        { [R.ownDependencies]: 'fail' },
        'clear',
      ],
    ];
  it.each(allInOne)('All-in-one: %s', (_name, verdicts, expected) => {
    expect(
      detectAntiPatterns('serving-unit', builtInRules, checks(verdicts))[
        'all-in-one'
      ],
    ).toBe(expected);
  });

  const onlyMe: Array<[string, Record<string, Verdict | 'waived'>, string]> = [
    ['all pass', {}, 'clear'],
    ['nobody can see it', { [R.sourceRepository]: 'fail' }, 'detected'],
    [
      'notebooks only, without a container',
      { [R.notNotebookOnly]: 'fail', [R.containerEnvironment]: 'fail' },
      'detected',
    ],
    [
      'notebooks only, nothing pinned',
      { [R.notNotebookOnly]: 'fail', [R.pinnedDependencies]: 'fail' },
      'detected',
    ],
    [
      'notebooks only, in a container built from pinned requirements',
      { [R.notNotebookOnly]: 'fail' },
      'clear',
    ],
    [
      'nobody can rebuild it',
      { [R.containerEnvironment]: 'fail', [R.pinnedDependencies]: 'fail' },
      'detected',
    ],
    [
      'a container but nothing pinned',
      { [R.pinnedDependencies]: 'fail' },
      'clear',
    ],
    [
      'nobody else reviews it, nothing pinned',
      {
        [R.teamOwnership]: 'fail',
        [R.codeReview]: 'fail',
        [R.pinnedDependencies]: 'fail',
      },
      'detected',
    ],
    [
      'nobody else reviews it, no CI',
      {
        [R.teamOwnership]: 'fail',
        [R.codeReview]: 'fail',
        [R.automatedChecks]: 'fail',
      },
      'detected',
    ],
    [
      'a single owner without reviewers, but pinned and checked by CI',
      { [R.teamOwnership]: 'fail', [R.codeReview]: 'fail' },
      'clear',
    ],
    ['a single owner but reviewed', { [R.teamOwnership]: 'fail' }, 'clear'],
    [
      'a single owner, review unknown (true AND unknown = unknown)',
      {
        [R.teamOwnership]: 'fail',
        [R.codeReview]: 'unknown',
        [R.pinnedDependencies]: 'fail',
      },
      'unknown',
    ],
    [
      'a team owner, but nobody reviews, no CI and nothing pinned',
      {
        [R.codeReview]: 'fail',
        [R.automatedChecks]: 'fail',
        [R.pinnedDependencies]: 'fail',
      },
      'detected',
    ],
    [
      'a team owner without reviewers or pins, but CI checks it',
      { [R.codeReview]: 'fail', [R.pinnedDependencies]: 'fail' },
      'clear',
    ],
    [
      'a team owner, review unknown (false AND unknown = false)',
      { [R.codeReview]: 'unknown' },
      'clear',
    ],
    ['source unknown', { [R.sourceRepository]: 'unknown' }, 'unknown'],
    [
      'notebook check not applicable',
      { [R.notNotebookOnly]: 'not-applicable' },
      'clear',
    ],
    ['waived source failure', { [R.sourceRepository]: 'waived' }, 'clear'],
    [
      'failing data reference and CI alone are not Only-me',
      { [R.dataReference]: 'fail', [R.automatedChecks]: 'fail' },
      'clear',
    ],
    [
      'a model without its training code, a single owner and no reviewers',
      {
        [R.modelProvenance]: 'fail',
        [R.teamOwnership]: 'fail',
        [R.codeReview]: 'fail',
      },
      'detected',
    ],
    [
      'a model without its training code, a team, no reviewers and no CI',
      {
        [R.modelProvenance]: 'fail',
        [R.codeReview]: 'fail',
        [R.automatedChecks]: 'fail',
      },
      'detected',
    ],
    [
      'a model without its training code, a team without reviewers, but CI',
      { [R.modelProvenance]: 'fail', [R.codeReview]: 'fail' },
      'clear',
    ],
    [
      'a model without its training code, but reviewed',
      {
        [R.modelProvenance]: 'fail',
        [R.teamOwnership]: 'fail',
        [R.automatedChecks]: 'fail',
      },
      'clear',
    ],
  ];
  it.each(onlyMe)('Only-me: %s', (_name, verdicts, expected) => {
    expect(
      detectAntiPatterns('repository', builtInRules, checks(verdicts))[
        'only-me'
      ],
    ).toBe(expected);
  });

  it('is not applicable when no rule of the pattern applies to the role', () => {
    expect(detectAntiPatterns('dataset', builtInRules, checks({}))).toEqual({
      'all-in-one': 'not-applicable',
      'only-me': 'not-applicable',
    });
  });

  it('judges a repository for All-in-one only through a serving unit it holds', () => {
    const none = checks({ [R.oneModelPerServer]: 'not-applicable' });
    expect(
      detectAntiPatterns('repository', builtInRules, none)['all-in-one'],
    ).toBe('not-applicable');
    const clear = checks({ [R.oneModelPerServer]: 'pass' });
    expect(
      detectAntiPatterns('repository', builtInRules, clear)['all-in-one'],
    ).toBe('clear');
    const several = checks({ [R.oneModelPerServer]: 'fail' });
    expect(
      detectAntiPatterns('repository', builtInRules, several)['all-in-one'],
    ).toBe('detected');
  });

  it('keeps a model served by nothing clear, as before', () => {
    const unserved = checks({
      [R.oneModelPerServer]: 'not-applicable',
      [R.noSharedServerGroup]: 'not-applicable',
    });
    expect(
      detectAntiPatterns('model', builtInRules, unserved)['all-in-one'],
    ).toBe('clear');
  });

  it('is not applicable when the rules of the pattern are disabled', () => {
    const enabled = builtInRules.filter(rule => rule.pattern !== 'all-in-one');
    const remaining = checks({}).filter(c =>
      enabled.some(r => r.id === c.ruleId),
    );
    expect(
      detectAntiPatterns('serving-unit', enabled, remaining)['all-in-one'],
    ).toBe('not-applicable');
  });

  it('counts a failing extension rule of the pattern as a detection', () => {
    const extension = {
      id: 'acme/one-gpu-per-model',
      pattern: 'all-in-one' as const,
      appliesTo: ['serving-unit' as const],
    };
    const result = detectAntiPatterns(
      'serving-unit',
      [...builtInRules, extension],
      [
        ...checks({}),
        { ruleId: extension.id, verdict: 'fail', message: '', evidence: [] },
      ],
    );
    expect(result['all-in-one']).toBe('detected');
  });
});

import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import fc from 'fast-check';
import { makeEntity } from './__testUtils__/factories';
import { readWaivers, waiverEndsAt } from './waivers';

const RULES = new Set([
  'all-in-one/one-model-per-server',
  'only-me/team-ownership',
  'only-me/code-review',
]);
const NOW = new Date('2026-06-15T08:00:00Z');

const read = (value: string, now = NOW) =>
  readWaivers(
    makeEntity({ annotations: { [INPUT_ANNOTATIONS.waivers]: value } }),
    { ruleIds: RULES, now },
  );

describe('readWaivers', () => {
  it('reads each rule id with its reason, approver, last day and ticket', () => {
    expect(
      read(
        [
          '# KServe ModelMesh: several models per server by design',
          'all-in-one/one-model-per-server:',
          '  reason: "ModelMesh serves these models on purpose: see ADR-7"',
          '  approvedBy: Group:ml-platform',
          '  until: 2026-12-31',
          '  ticket: https://tracker.example.com/browse/ML-7',
          'only-me/team-ownership:',
          '  reason: one maintainer until the team is hired',
          '  approvedBy: user:default/jane',
          "  until: '2026-06-14'",
        ].join('\n'),
      ),
    ).toEqual([
      {
        ruleId: 'all-in-one/one-model-per-server',
        state: 'active',
        reason: 'ModelMesh serves these models on purpose: see ADR-7',
        // Written short, read as the full ref.
        approvedBy: 'group:default/ml-platform',
        until: '2026-12-31',
        ticket: 'https://tracker.example.com/browse/ML-7',
      },
      {
        ruleId: 'only-me/team-ownership',
        state: 'expired',
        reason: 'one maintainer until the team is hired',
        approvedBy: 'user:default/jane',
        until: '2026-06-14',
      },
    ]);
  });

  it('reads the flow style too', () => {
    expect(
      read(
        '{only-me/code-review: {reason: pairs, approvedBy: group:default/a, until: 2026-07-01}}',
      ),
    ).toEqual([
      {
        ruleId: 'only-me/code-review',
        state: 'active',
        reason: 'pairs',
        approvedBy: 'group:default/a',
        until: '2026-07-01',
      },
    ]);
  });

  it('reads an annotation met again (the next refresh) to the same, independent waivers', () => {
    const value =
      'only-me/code-review: {reason: pairs, approvedBy: group:default/a, until: 2026-12-31}';
    const first = read(value);
    (first[0] as { reason?: string }).reason = 'changed by a caller';
    expect(read(value)).toEqual([
      expect.objectContaining({ state: 'active', reason: 'pairs' }),
    ]);
  });

  it('is active through its until day in UTC, expired from the next', () => {
    const value =
      'only-me/code-review: {reason: pairs, approvedBy: group:default/a, until: 2026-06-15}';
    expect(read(value, new Date('2026-06-15T23:59:59.999Z'))[0].state).toBe(
      'active',
    );
    expect(read(value, new Date('2026-06-16T00:00:00.000Z'))[0].state).toBe(
      'expired',
    );
  });

  it.each([
    [
      'no reason',
      '{approvedBy: group:default/a, until: 2026-12-31}',
      'no reason: say why the check does not apply',
    ],
    [
      'a blank reason',
      "{reason: '  ', approvedBy: group:default/a, until: 2026-12-31}",
      'no reason: say why the check does not apply',
    ],
    [
      'no approver',
      '{reason: pairs, until: 2026-12-31}',
      'no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform',
    ],
    [
      'an approver without a kind',
      '{reason: pairs, approvedBy: jane, until: 2026-12-31}',
      "approvedBy 'jane' is not a user or group ref, e.g. group:default/ml-platform",
    ],
    [
      'an approver that is not a user or group',
      '{reason: pairs, approvedBy: component:default/x, until: 2026-12-31}',
      "approvedBy 'component:default/x' is not a user or group ref, e.g. group:default/ml-platform",
    ],
    [
      'no until',
      '{reason: pairs, approvedBy: group:default/a}',
      'no until: give the last day it applies, YYYY-MM-DD',
    ],
    [
      'a day not in the calendar',
      '{reason: pairs, approvedBy: group:default/a, until: 2027-02-29}',
      "until '2027-02-29' is not a date, YYYY-MM-DD",
    ],
    [
      'a time rather than a day',
      "{reason: pairs, approvedBy: group:default/a, until: '2026-12-31T00:00:00Z'}",
      "until '2026-12-31T00:00:00Z' is not a date, YYYY-MM-DD",
    ],
    [
      'a ticket that is not a web link',
      "{reason: pairs, approvedBy: group:default/a, until: 2026-12-31, ticket: 'javascript:alert(1)'}",
      'ticket must be an http(s) link',
    ],
    [
      'a misspelt field',
      '{reason: pairs, approved_by: group:default/a, until: 2026-12-31}',
      "unknown field 'approved_by' (a waiver has reason, approvedBy, until and ticket); no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform",
    ],
    [
      'only a reason, as earlier versions wrote waivers',
      'pairs program every change',
      'a waiver needs reason, approvedBy and until, not only a reason',
    ],
    [
      'a list',
      '[pairs]',
      'a waiver is a mapping with reason, approvedBy and until',
    ],
  ])('is invalid with %s, and says what is wrong', (_name, terms, problem) => {
    const [waiver] = read(`only-me/code-review: ${terms}`);
    expect(waiver).toMatchObject({
      ruleId: 'only-me/code-review',
      state: 'invalid',
      problem,
    });
  });

  it('keeps what it could read of an invalid waiver, for the audit list', () => {
    expect(
      read('only-me/code-review: pairs program every change')[0],
    ).toMatchObject({ reason: 'pairs program every change' });
    expect(
      read(
        'only-me/code-review: {reason: pairs, approvedBy: jane, until: 2026-12-31}',
      )[0],
    ).toEqual({
      ruleId: 'only-me/code-review',
      state: 'invalid',
      reason: 'pairs',
      approvedBy: 'jane',
      until: '2026-12-31',
      problem: expect.any(String),
    });
  });

  it('is invalid when it names no rule there is, even if complete', () => {
    expect(
      read(
        'acme/gpu-quota: {reason: x, approvedBy: group:default/a, until: 2026-12-31}',
      ),
    ).toEqual([
      {
        ruleId: 'acme/gpu-quota',
        state: 'invalid',
        reason: 'x',
        approvedBy: 'group:default/a',
        until: '2026-12-31',
        problem: "no rule has the id 'acme/gpu-quota'",
      },
    ]);
  });

  it.each([
    [
      'not YAML',
      'only-me/code-review: pairs: always',
      /^ml-patterns\.io\/waivers is not valid YAML: .+ at line 1, column \d+$/,
    ],
    [
      'a rule waived twice',
      'only-me/code-review: {}\nonly-me/code-review: {}',
      /^ml-patterns\.io\/waivers is not valid YAML: Map keys must be unique at line 2, column 1$/,
    ],
    [
      'a list',
      '- only-me/code-review',
      /^ml-patterns\.io\/waivers must map rule ids to waivers/,
    ],
    ['a plain text', 'pairs', /must map rule ids to waivers/],
    [
      'too many aliases',
      `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: ${Array(150)
        .fill('*a')
        .join(', ')}`,
      /^ml-patterns\.io\/waivers (is not valid YAML|could not be read): /,
    ],
    [
      'far too long',
      `only-me/code-review: ${'x'.repeat(70_000)}`,
      /^ml-patterns\.io\/waivers is longer than 65536 characters$/,
    ],
  ])(
    'reads an annotation that is %s as one problem',
    (_name, value, problem) => {
      const waivers = read(value);
      expect(waivers).toHaveLength(1);
      expect(waivers[0].state).toBe('invalid');
      expect(waivers[0].ruleId).toBeUndefined();
      expect(waivers[0].problem).toMatch(problem);
    },
  );

  it('reads no annotation, or a blank one, as no waivers', () => {
    expect(readWaivers(makeEntity(), { ruleIds: RULES, now: NOW })).toEqual([]);
    expect(read('  \n')).toEqual([]);
    expect(read('# nothing waived yet')).toEqual([]);
  });

  it('never throws, whatever the annotation says', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), value => {
        for (const waiver of read(value)) {
          expect(['active', 'expired', 'invalid']).toContain(waiver.state);
          // An invalid waiver always says what is wrong; the others never.
          expect(typeof waiver.problem === 'string').toBe(
            waiver.state === 'invalid',
          );
        }
      }),
    );
  });
});

describe('waiverEndsAt', () => {
  it('is the end of the day, UTC', () => {
    expect(waiverEndsAt('2026-12-31')?.toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(waiverEndsAt('2028-02-29')?.toISOString()).toBe(
      '2028-03-01T00:00:00.000Z',
    );
  });

  it.each(['2026-13-01', '2026-02-30', '26-12-31', '2026-1-1', ' 2026-12-31'])(
    'is undefined for %p',
    until => {
      expect(waiverEndsAt(until)).toBeUndefined();
    },
  );
});

import { INPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { makeEntity } from './__testUtils__/factories';
import { parseWaivers } from './waivers';

const withWaivers = (value: string) =>
  makeEntity({ annotations: { [INPUT_ANNOTATIONS.waivers]: value } });

describe('parseWaivers', () => {
  it('reads one waiver per line, rule id then reason', () => {
    const { reasons, withoutReason } = parseWaivers(
      withWaivers(
        [
          'all-in-one/one-model-per-server: ModelMesh serves these models on purpose: see ADR-7',
          '',
          '# comment lines are skipped',
          '  only-me/team-ownership :  one maintainer until the team is hired  ',
        ].join('\n'),
      ),
    );
    expect([...reasons]).toEqual([
      [
        'all-in-one/one-model-per-server',
        'ModelMesh serves these models on purpose: see ADR-7',
      ],
      ['only-me/team-ownership', 'one maintainer until the team is hired'],
    ]);
    expect(withoutReason.size).toBe(0);
  });

  it('ignores waivers without a reason, and remembers them to report', () => {
    const { reasons, withoutReason } = parseWaivers(
      withWaivers(
        'only-me/code-review:\nonly-me/automated-checks\r\nonly-me/pinned-dependencies:   ',
      ),
    );
    expect(reasons.size).toBe(0);
    expect([...withoutReason].sort()).toEqual([
      'only-me/automated-checks',
      'only-me/code-review',
      'only-me/pinned-dependencies',
    ]);
  });

  it('handles no annotation', () => {
    expect(parseWaivers(makeEntity()).reasons.size).toBe(0);
  });
});

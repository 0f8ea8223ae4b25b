import {
  BUILT_IN_RULES,
  DEFAULT_GRADE_BANDS,
  RULESET_VERSION,
} from '@ml-patterns/plugin-ml-patterns-common';
import { rulesetVersionOf } from './rulesetVersion';

const ids = BUILT_IN_RULES.map(r => r.id);
const builtInWeight = (id: string) =>
  BUILT_IN_RULES.find(r => r.id === id)?.weight ?? 1;

describe('rulesetVersionOf', () => {
  it('is the built-in version for the rules as shipped', () => {
    expect(rulesetVersionOf(ids, builtInWeight, undefined)).toBe(
      RULESET_VERSION,
    );
    expect(rulesetVersionOf(ids, builtInWeight, DEFAULT_GRADE_BANDS)).toBe(
      RULESET_VERSION,
    );
  });

  it('changes with added, disabled or re-weighted rules and other bands, and is stable', () => {
    const versions = [
      rulesetVersionOf([...ids, 'acme/model-card'], builtInWeight, undefined),
      rulesetVersionOf(ids.slice(1), builtInWeight, undefined),
      rulesetVersionOf(
        ids,
        id => (id === ids[0] ? 9 : builtInWeight(id)),
        undefined,
      ),
      rulesetVersionOf(ids, builtInWeight, [
        { grade: 'A', min: 95 },
        ...DEFAULT_GRADE_BANDS.slice(1),
      ]),
    ];
    for (const version of versions) {
      expect(version).toMatch(new RegExp(`^${RULESET_VERSION}\\+[0-9a-f]{8}$`));
    }
    expect(new Set(versions).size).toBe(versions.length);
    expect(rulesetVersionOf([...ids].reverse(), builtInWeight, undefined)).toBe(
      RULESET_VERSION,
    );
    expect(
      rulesetVersionOf(
        [...ids, 'acme/model-card'].reverse(),
        builtInWeight,
        undefined,
      ),
    ).toBe(versions[0]);
  });
});

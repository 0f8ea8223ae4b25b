import fc from 'fast-check';
import { OUTPUT_ANNOTATIONS } from './annotations';
import {
  EntityStamp,
  readStampAnnotations,
  readStampedRole,
  toStampAnnotations,
} from './stampAnnotations';
import {
  ANTI_PATTERN_VERDICTS,
  ENTITY_ROLES,
  EVIDENCE_STATUSES,
  GRADES,
  RELEASE_PATTERNS,
} from './types';

const STAMP: EntityStamp = {
  role: 'serving-unit',
  score: 52,
  grade: 'D',
  coverage: 0.8,
  antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
  releasePattern: 'model-in-image',
  failedChecks: ['only-me/code-review', 'all-in-one/one-model-per-server'],
  unknownChecks: [],
  rulesetVersion: '1+3f2a9c',
  evidenceStatus: 'stale',
};

const ruleId = fc
  .tuple(
    fc.constantFrom('all-in-one', 'only-me', 'model-load', 'acme'),
    fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  )
  .map(([group, name]) => `${group}/${name}`);

const stamps: fc.Arbitrary<EntityStamp> = fc
  .record({
    role: fc.constantFrom(...ENTITY_ROLES),
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    grade: fc.constantFrom(...GRADES),
    // Coverage is stamped as a whole percentage.
    coverage: fc.integer({ min: 0, max: 100 }).map(n => n / 100),
    antiPatterns: fc.record({
      'all-in-one': fc.constantFrom(...ANTI_PATTERN_VERDICTS),
      'only-me': fc.constantFrom(...ANTI_PATTERN_VERDICTS),
    }),
    releasePattern: fc.constantFrom(...RELEASE_PATTERNS),
    failedChecks: fc.uniqueArray(ruleId, { maxLength: 5 }),
    unknownChecks: fc.uniqueArray(ruleId, { maxLength: 5 }),
    waivedChecks: fc.uniqueArray(ruleId, { maxLength: 3 }),
    rulesetVersion: fc.constantFrom('1', '1+0a1b2c3d'),
    evidenceStatus: fc.constantFrom(...EVIDENCE_STATUSES),
  })
  // A grade goes with a score: both or neither, as the engine reports them.
  .map(stamp => ({
    ...stamp,
    grade: stamp.score === null ? null : stamp.grade,
  }));

describe('toStampAnnotations', () => {
  it('writes the keys and values the catalog is queried with', () => {
    expect(toStampAnnotations(STAMP)).toEqual({
      'ml-patterns.io/role': 'serving-unit',
      'ml-patterns.io/score': '52',
      'ml-patterns.io/grade': 'd',
      'ml-patterns.io/coverage': '80',
      'ml-patterns.io/all-in-one': 'detected',
      'ml-patterns.io/only-me': 'clear',
      'ml-patterns.io/release-pattern': 'model-in-image',
      'ml-patterns.io/failed-checks':
        'all-in-one/one-model-per-server,only-me/code-review',
      'ml-patterns.io/unknown-checks': '',
      'ml-patterns.io/ruleset-version': '1+3f2a9c',
      'ml-patterns.io/evidence-status': 'stale',
    });
  });

  it('leaves score and grade out when the entity is not scored', () => {
    const annotations = toStampAnnotations({
      ...STAMP,
      score: null,
      grade: null,
    });
    expect(annotations).not.toHaveProperty(OUTPUT_ANNOTATIONS.score);
    expect(annotations).not.toHaveProperty(OUTPUT_ANNOTATIONS.grade);
  });

  it('stamps the waived checks, sorted, only on an entity with some', () => {
    expect(
      toStampAnnotations({
        ...STAMP,
        waivedChecks: ['only-me/team-ownership', 'all-in-one/own-dependencies'],
      })[OUTPUT_ANNOTATIONS.waivedChecks],
    ).toBe('all-in-one/own-dependencies,only-me/team-ownership');
    // Entities without waivers keep the annotations (and hash) they had.
    expect(toStampAnnotations({ ...STAMP, waivedChecks: [] })).toEqual(
      toStampAnnotations(STAMP),
    );
    expect(toStampAnnotations(STAMP)).not.toHaveProperty(
      OUTPUT_ANNOTATIONS.waivedChecks,
    );
  });

  it('writes the same annotations whatever order the checks come in', () => {
    const reversed = {
      ...STAMP,
      failedChecks: [...STAMP.failedChecks].reverse(),
    };
    expect(toStampAnnotations(reversed)).toEqual(toStampAnnotations(STAMP));
  });
});

describe('readStampAnnotations', () => {
  it('reads back every stamp as it was written', () => {
    fc.assert(
      fc.property(stamps, stamp => {
        expect(readStampAnnotations(toStampAnnotations(stamp))).toEqual({
          ...stamp,
          failedChecks: [...stamp.failedChecks].sort(),
          unknownChecks: [...stamp.unknownChecks].sort(),
          waivedChecks: [...stamp.waivedChecks!].sort(),
        });
      }),
    );
  });

  it('reads an entity without stamps as absent and unknown', () => {
    const expected = {
      role: null,
      score: null,
      grade: null,
      coverage: null,
      antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
      releasePattern: 'unknown',
      failedChecks: [],
      unknownChecks: [],
      rulesetVersion: null,
      evidenceStatus: null,
      waivedChecks: [],
    };
    expect(readStampAnnotations(undefined)).toEqual(expected);
    expect(readStampAnnotations({})).toEqual(expected);
    expect(
      readStampAnnotations({ 'backstage.io/source-location': 'url:x' }),
    ).toEqual(expected);
  });

  it.each(['101', '-1', '4.5', '', ' ', 'NaN', '1e2', '0x10', '٥٠', '55%'])(
    'reads the score %p as absent, and the grade with it',
    score => {
      const reading = readStampAnnotations({
        ...toStampAnnotations(STAMP),
        [OUTPUT_ANNOTATIONS.score]: score,
        [OUTPUT_ANNOTATIONS.coverage]: score,
      });
      expect(reading.score).toBeNull();
      expect(reading.grade).toBeNull();
      expect(reading.coverage).toBeNull();
    },
  );

  it.each(['g', 'a+', 'ab', 'excellent', ''])(
    'reads the grade %p as absent',
    grade => {
      const reading = readStampAnnotations({
        ...toStampAnnotations(STAMP),
        [OUTPUT_ANNOTATIONS.grade]: grade,
      });
      expect(reading.grade).toBeNull();
      expect(reading.score).toBe(52);
    },
  );

  it('reads unknown values of the enumerations as absent or unknown', () => {
    const reading = readStampAnnotations({
      [OUTPUT_ANNOTATIONS.role]: 'notebook',
      [OUTPUT_ANNOTATIONS.allInOne]: 'yes',
      [OUTPUT_ANNOTATIONS.onlyMe]: 'pass',
      [OUTPUT_ANNOTATIONS.releasePattern]: 'model-on-disk',
      [OUTPUT_ANNOTATIONS.evidenceStatus]: 'fine',
      [OUTPUT_ANNOTATIONS.rulesetVersion]: '  ',
    });
    expect(reading).toMatchObject({
      role: null,
      antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
      releasePattern: 'unknown',
      evidenceStatus: null,
      rulesetVersion: null,
    });
  });

  it('accepts values written by hand with other case and spaces', () => {
    const reading = readStampAnnotations({
      [OUTPUT_ANNOTATIONS.role]: ' Model ',
      [OUTPUT_ANNOTATIONS.score]: ' 100 ',
      [OUTPUT_ANNOTATIONS.grade]: 'A',
      [OUTPUT_ANNOTATIONS.onlyMe]: 'Detected',
      [OUTPUT_ANNOTATIONS.failedChecks]:
        ' only-me/code-review, ,only-me/team-ownership ',
    });
    expect(reading).toMatchObject({
      role: 'model',
      score: 100,
      grade: 'A',
      antiPatterns: { 'only-me': 'detected' },
      failedChecks: ['only-me/code-review', 'only-me/team-ownership'],
    });
  });

  it('never throws, whatever the annotations hold', () => {
    const keys = fc.constantFrom(...Object.values(OUTPUT_ANNOTATIONS));
    fc.assert(
      fc.property(
        fc.dictionary(keys, fc.oneof(fc.string(), fc.anything())),
        annotations => {
          const reading = readStampAnnotations(annotations);
          expect(reading.score === null || reading.score <= 100).toBe(true);
          expect(ANTI_PATTERN_VERDICTS).toContain(
            reading.antiPatterns['all-in-one'],
          );
        },
      ),
    );
  });
});

describe('readStampedRole', () => {
  it('reads the stamped role, or null', () => {
    expect(readStampedRole({ [OUTPUT_ANNOTATIONS.role]: 'dataset' })).toBe(
      'dataset',
    );
    expect(readStampedRole({ [OUTPUT_ANNOTATIONS.role]: '' })).toBeNull();
    expect(readStampedRole(undefined)).toBeNull();
  });
});

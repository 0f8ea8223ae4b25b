import { Entity } from '@backstage/catalog-model';
import {
  EntityReport,
  readStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  summaryAnnotations,
  unknownAnnotations,
  withStamps,
} from './stampAnnotations';

function entityWith(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ranker-api', ...(annotations && { annotations }) },
    spec: { type: 'model-server' },
  };
}

const STAMPS = {
  'ml-patterns.io/role': 'serving-unit',
  'ml-patterns.io/grade': 'c',
  'ml-patterns.io/all-in-one': 'clear',
};

describe('withStamps', () => {
  it('replaces whatever was written under our keys, and keeps every other annotation', () => {
    const entity = entityWith({
      'backstage.io/source-location': 'url:https://github.com/acme/ranker/',
      // Written by hand: overwritten or dropped, never merged.
      'ml-patterns.io/grade': 'a',
      'ml-patterns.io/score': '100',
      'ml-patterns.io/server-group': 'ranking', // an input: kept
    });
    expect(withStamps(entity, STAMPS).metadata.annotations).toEqual({
      'backstage.io/source-location': 'url:https://github.com/acme/ranker/',
      'ml-patterns.io/server-group': 'ranking',
      ...STAMPS,
    });
    // The entity handed in is not changed.
    expect(entity.metadata.annotations?.['ml-patterns.io/grade']).toBe('a');
  });

  it('removes our keys when there is nothing to stamp', () => {
    const entity = entityWith({
      'ml-patterns.io/grade': 'a',
      'ml-patterns.io/waivers': 'only-me/code-review: pairs',
    });
    expect(withStamps(entity, undefined).metadata.annotations).toEqual({
      'ml-patterns.io/waivers': 'only-me/code-review: pairs',
    });
  });

  it('hands back the same entity when the stamps are already there', () => {
    const stamped = entityWith({ 'example.com/x': '1', ...STAMPS });
    expect(withStamps(stamped, { ...STAMPS })).toBe(stamped);
    const plain = entityWith();
    expect(withStamps(plain, undefined)).toBe(plain);
    // One stamp fewer, one different, one more: a new entity each time.
    const { 'ml-patterns.io/grade': _grade, ...fewer } = STAMPS;
    expect(withStamps(stamped, fewer).metadata.annotations).toEqual({
      'example.com/x': '1',
      ...fewer,
    });
    expect(
      withStamps(stamped, { ...STAMPS, 'ml-patterns.io/grade': 'd' }).metadata
        .annotations?.['ml-patterns.io/grade'],
    ).toBe('d');
    expect(
      withStamps(stamped, { ...STAMPS, 'ml-patterns.io/score': '61' }).metadata
        .annotations?.['ml-patterns.io/score'],
    ).toBe('61');
  });
});

describe('summaryAnnotations', () => {
  const report: EntityReport = {
    entityRef: 'component:default/ranker-api',
    role: 'serving-unit',
    score: 61,
    grade: 'C',
    coverage: 0.75,
    antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
    releasePattern: 'model-load',
    checks: [
      {
        ruleId: 'only-me/code-review',
        verdict: 'fail',
        message: '',
        evidence: [],
      },
      {
        ruleId: 'all-in-one/one-model-per-server',
        verdict: 'fail',
        message: '',
        evidence: [],
      },
      {
        ruleId: 'only-me/team-ownership',
        verdict: 'fail',
        message: '',
        evidence: [],
        waiver: {
          reason: 'a team of one on purpose',
          approvedBy: 'group:default/ml-platform',
          until: '2026-12-31',
        },
      },
      {
        ruleId: 'only-me/data-reference',
        verdict: 'unknown',
        message: '',
        evidence: [],
      },
      {
        ruleId: 'only-me/source-repository',
        verdict: 'pass',
        message: '',
        evidence: [],
      },
    ],
    evidenceSource: { status: 'ok' },
    rulesetVersion: '1',
    waivers: [],
  };

  it('stamps the failed and unknown checks that are not waived, sorted', () => {
    expect(summaryAnnotations(report)).toMatchObject({
      'ml-patterns.io/score': '61',
      'ml-patterns.io/grade': 'c',
      'ml-patterns.io/coverage': '75',
      'ml-patterns.io/failed-checks':
        'all-in-one/one-model-per-server,only-me/code-review',
      'ml-patterns.io/unknown-checks': 'only-me/data-reference',
      'ml-patterns.io/evidence-status': 'ok',
    });
  });

  it('stamps the waived checks, so scorecards count them without a report', () => {
    expect(summaryAnnotations(report)['ml-patterns.io/waived-checks']).toBe(
      'only-me/team-ownership',
    );
    const unwaived = {
      ...report,
      checks: report.checks.map(check => ({ ...check, waiver: undefined })),
    };
    expect(summaryAnnotations(unwaived)).not.toHaveProperty(
      'ml-patterns.io/waived-checks',
    );
  });

  it('stamps a failed scoring as unknown, without a score', () => {
    expect(readStampAnnotations(unknownAnnotations('model', '1+abc'))).toEqual({
      role: 'model',
      score: null,
      grade: null,
      coverage: 0,
      antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
      releasePattern: 'unknown',
      failedChecks: [],
      unknownChecks: [],
      rulesetVersion: '1+abc',
      evidenceStatus: 'unavailable',
      waivedChecks: [],
    });
  });
});

import { stampedEntity } from '../__testUtils__/stampedEntities';
import { toStampedEntity } from '../scorecards/stampedEntity';
import { toEntityDay } from './entityDay';

describe('toEntityDay', () => {
  const domains = new Map([['system:default/recsys', 'domain:default/shop']]);

  it("keeps an entity's stamps and its groups, the domain through its system", () => {
    const day = toEntityDay(
      toStampedEntity(
        stampedEntity({
          name: 'svc',
          type: 'model-server',
          owner: 'team-a',
          system: 'recsys',
          stamp: {
            score: 62,
            grade: 'c',
            coverage: 85,
            allInOne: 'detected',
            releasePattern: 'model-in-image',
            failedChecks: ['all-in-one/one-model-per-server'],
            unknownChecks: ['only-me/code-review'],
            evidenceStatus: 'ok',
          },
        }),
      ),
      domains,
    );
    expect(day).toEqual({
      entityRef: 'component:default/svc',
      kind: 'Component',
      type: 'model-server',
      ownerRef: 'group:default/team-a',
      systemRef: 'system:default/recsys',
      domainRef: 'domain:default/shop',
      score: 62,
      grade: 'C',
      coverage: 85,
      allInOne: 'detected',
      onlyMe: 'clear',
      releasePattern: 'model-in-image',
      evidenceStatus: 'ok',
      failedChecks: ['all-in-one/one-model-per-server'],
      unknownChecks: ['only-me/code-review'],
    });
  });

  it('keeps unknown values out: no grade without a score, unknown verdicts, no status', () => {
    const day = toEntityDay(
      toStampedEntity(
        stampedEntity({
          name: 'odd',
          system: 'elsewhere',
          stamp: {
            grade: 'a',
            allInOne: 'DETECTED!'.repeat(100),
            onlyMe: 'maybe',
            releasePattern: 'carrier-pigeon',
            evidenceStatus: 'fine',
          },
        }),
      ),
      domains,
    );
    expect(day).toMatchObject({
      domainRef: 'none',
      score: null,
      grade: null,
      coverage: null,
      allInOne: 'unknown',
      onlyMe: 'unknown',
      releasePattern: 'unknown',
      evidenceStatus: null,
    });
  });
});

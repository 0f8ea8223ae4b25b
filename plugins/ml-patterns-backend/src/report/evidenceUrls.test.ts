import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { EntityReport } from '@ml-patterns/plugin-ml-patterns-common';
import { evidenceBaseUrl, withEvidenceUrl } from './evidenceUrls';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'gitlab.acme.io',
          apiBaseUrl: 'https://gitlab.acme.io/api/v4',
          token: 't',
        },
      ],
    },
  }),
);

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

function report(location?: string): EntityReport {
  return {
    entityRef: 'component:default/svc',
    role: 'serving-unit',
    score: null,
    grade: null,
    coverage: 0,
    antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
    releasePattern: 'unknown',
    checks: [],
    evidenceSource: { status: location ? 'ok' : 'not-configured', location },
    rulesetVersion: '1',
    waivers: [],
  };
}

describe('evidence URLs', () => {
  it('links to the line of a file in the folder the evidence was read from', () => {
    const base = evidenceBaseUrl(
      entity({}),
      report('url:https://gitlab.acme.io/ml/serving/-/tree/main/svc'),
      integrations,
    );
    expect(
      withEvidenceUrl({ path: 'Dockerfile', line: 7 }, base, integrations).url,
    ).toBe('https://gitlab.acme.io/ml/serving/-/blob/main/svc/Dockerfile#L7');
  });

  it('falls back to the source location and source path of the entity', () => {
    const base = evidenceBaseUrl(
      entity({
        'backstage.io/source-location': 'url:https://github.com/o/r/tree/main/',
        'ml-patterns.io/source-path': './training',
      }),
      report(),
      integrations,
    );
    expect(
      withEvidenceUrl({ path: 'requirements.txt' }, base, integrations).url,
    ).toBe('https://github.com/o/r/blob/main/training/requirements.txt');
  });

  it.each([
    ['a local folder', 'file:/srv/repos/svc'],
    ['an unknown host', 'url:https://git.unknown.example/o/r/tree/main'],
  ])('adds no URL for %s', (_, location) => {
    const base = evidenceBaseUrl(entity({}), report(location), integrations);
    expect(base).toBeUndefined();
    expect(
      withEvidenceUrl({ path: 'Dockerfile', line: 1 }, base, integrations),
    ).toEqual({ path: 'Dockerfile', line: 1 });
  });
});

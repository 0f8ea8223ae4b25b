import { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntityReportResponse,
  OUTPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { delay } from 'msw';
import { setupServer } from 'msw/node';
import { ReportCheck } from '../../lib/checklist';
import { TestApis } from '../../__testUtils__/apis';
import {
  backendError,
  outOfScopeEntity,
  servingEntity,
  servingReport,
} from '../../__testUtils__/fixtures';
import { servingEntityHistory } from '../../__testUtils__/historyFixtures';
import { namesEntity, specHttp } from '../../__testUtils__/specHttp';
import { rootRouteRef } from '../../routes';
import { EntityMlPatternsCard } from './EntityMlPatternsCard';

jest.setTimeout(30_000);

// Every entity's score trend, unless a test says otherwise.
const server = setupServer(
  specHttp.get(
    '/v1/entities/{kind}/{namespace}/{name}/history',
    ({ params, response }) =>
      response(200).json({
        entityRef: `${params.kind}:${params.namespace}/${params.name}`,
        days: servingEntityHistory,
      }),
  ),
);
registerMswTestHooks(server);

const REPORT_ROUTE = '/v1/entities/{kind}/{namespace}/{name}/report';

/** The backend answering the report of `entity` (and no other) with `body`. */
function reportOf(entity: Entity, body: EntityReportResponse) {
  return specHttp.get(REPORT_ROUTE, ({ params, response }) =>
    namesEntity(params, entity) ? response(200).json(body) : undefined,
  );
}

async function renderCard(
  entity: Entity,
  extraRoutes: Record<string, typeof rootRouteRef> = {},
) {
  return renderInTestApp(
    <TestApis>
      <EntityProvider entity={entity}>
        <EntityMlPatternsCard />
      </EntityProvider>
    </TestApis>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...extraRoutes,
      },
    },
  );
}

function checkTitles() {
  return screen
    .getAllByRole('heading', { level: 4 })
    .map(heading => heading.textContent);
}

describe('EntityMlPatternsCard', () => {
  it("shows the entity's score trend under its score", async () => {
    server.use(reportOf(servingEntity, servingReport));
    await renderCard(servingEntity);
    expect(
      await screen.findByRole('img', {
        name: /^Score over the last 90 days: from 38 \(E\)/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Score, last 90 days')).toBeInTheDocument();
  });

  it('shows progress while the report loads', async () => {
    server.use(
      specHttp.get(REPORT_ROUTE, async ({ response }) => {
        await delay('infinite');
        return response(200).json(servingReport);
      }),
    );
    await renderCard(servingEntity);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  describe('with the backend report', () => {
    beforeEach(() => {
      server.use(reportOf(servingEntity, servingReport));
    });

    it('summarises score, grade, coverage and the verdicts', async () => {
      await renderCard(servingEntity);
      const gauge = await screen.findByRole('img', { name: 'Score 52 of 100' });
      expect(gauge).toHaveTextContent('52');
      expect(screen.getByText('Grade D')).toBeInTheDocument();
      expect(screen.getByText(/Coverage 80%/)).toBeInTheDocument();
      expect(screen.getByText('All-in-one: detected')).toBeInTheDocument();
      expect(screen.getByText('Only-me: clear')).toBeInTheDocument();
      expect(screen.getByText('Release: Model-in-image')).toBeInTheDocument();
    });

    it('lists failed checks first, then unknown and waived; passed stay collapsed', async () => {
      await renderCard(servingEntity);
      await screen.findByText('To fix (2)');
      expect(checkTitles()).toEqual([
        'One inference model per serving process',
        'Serving unit declares its own dependencies',
        'Changes are reviewed',
        'No server group shared between models',
      ]);
      expect(
        screen.queryByText('Owned by a team, not a single person'),
      ).not.toBeInTheDocument();
      expect(
        screen.getByText('1 check does not apply to this entity.'),
      ).toBeInTheDocument();

      await userEvent.click(screen.getByText('1 check passed'));
      expect(
        await screen.findByText('Owned by a team, not a single person'),
      ).toBeInTheDocument();
      expect(checkTitles()).toHaveLength(5);
    });

    it('explains each failed check: what is wrong, why, and how to fix it', async () => {
      await renderCard(servingEntity);
      const failed = await screen.findByRole('list', { name: 'Failed checks' });
      const first = within(failed).getAllByRole('listitem')[0];
      expect(first).toHaveTextContent(
        'The server loads 3 models: ranker, embedder, filter',
      );
      expect(
        within(first).getByText(/a fault in one is hard to isolate/),
      ).toBeInTheDocument();
      expect(
        within(first).getByText(
          /Split the server so that each deployment loads exactly one model/,
        ),
      ).toBeInTheDocument();
      expect(
        within(first).getByRole('link', {
          name: /All-in-one anti-pattern \(ML system design patterns\)/,
        }),
      ).toHaveAttribute(
        'href',
        expect.stringContaining('All-in-one-pattern/design_en.md'),
      );
    });

    it('links evidence lines when the backend gives a URL, and shows path:line otherwise', async () => {
      await renderCard(servingEntity);
      const link = await screen.findByRole('link', {
        name: /^serve\/app\.py:12/,
      });
      expect(link).toHaveAttribute(
        'href',
        'https://github.com/acme/recommender/blob/main/serve/app.py#L12',
      );
      expect(screen.getByText('serve/app.py:13')).toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: /serve\/app\.py:13/ }),
      ).not.toBeInTheDocument();
      expect(screen.getByText('Dockerfile:7')).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: /ranker-model/ }),
      ).toHaveAttribute('href', '/catalog/default/resource/ranker-model');
    });

    it("shows unknown checks as couldn't verify, with the reason, and waivers with theirs", async () => {
      await renderCard(servingEntity);
      expect(
        await screen.findByText(
          "Couldn't verify: CODEOWNERS could not be read: the repository returned 403",
        ),
      ).toBeInTheDocument();
      const waived = within(
        screen.getByRole('list', { name: 'Waived checks' }),
      ).getByRole('listitem');
      expect(waived).toHaveTextContent(
        'Waived until 2027-03-31: Migration to separate deployments planned for Q1',
      );
      expect(
        within(waived).getByRole('link', { name: 'ml-platform' }),
      ).toHaveAttribute('href', '/catalog/default/group/ml-platform');
      expect(
        within(waived).getByRole('link', {
          name: /^https:\/\/tracker\.example\.com\/browse\/ML-12/,
        }),
      ).toHaveAttribute('href', 'https://tracker.example.com/browse/ML-12');
    });

    it('says which failure had a waiver that expired, and lists the waivers not applied', async () => {
      await renderCard(servingEntity);
      const failed = await screen.findByRole('list', { name: 'Failed checks' });
      const ownDependencies = within(failed)
        .getAllByRole('listitem')
        .find(item =>
          item.textContent?.includes(
            'Serving unit declares its own dependencies',
          ),
        )!;
      expect(ownDependencies).toHaveTextContent(
        'Waiver expired on 2026-10-31 (approved by group:default/ml-platform): it no longer applies.',
      );
      const notApplied = screen.getByRole('list', {
        name: 'Waivers not applied',
      });
      expect(
        within(notApplied)
          .getAllByRole('listitem')
          .map(item => item.textContent),
      ).toEqual(["acme/gpu-quota: no rule has the id 'acme/gpu-quota'"]);
    });
  });

  describe('with evidence from a local folder', () => {
    const localReport: EntityReportResponse = {
      ...servingReport,
      report: {
        ...servingReport.report,
        evidenceSource: {
          status: 'ok',
          location: 'dir:/srv/examples/repositories/recommender',
        },
        checks: servingReport.report.checks.map(check => ({
          ...check,
          evidence: check.evidence.map(({ url: _url, ...item }) => item),
        })),
      },
    };

    beforeEach(() => {
      server.use(reportOf(servingEntity, localReport));
    });

    it("links evidence lines to the plugin's source-file page", async () => {
      await renderCard(servingEntity, {
        '/ml-patterns': rootRouteRef,
      });
      const link = await screen.findByRole('link', {
        name: /^serve\/app\.py:12/,
      });
      expect(link).toHaveAttribute(
        'href',
        '/ml-patterns/source/component/default/recommender-all-in-one?path=serve%2Fapp.py&line=12',
      );
      expect(
        screen.getByRole('link', { name: /^Dockerfile:7/ }),
      ).toHaveAttribute('href', expect.stringContaining('path=Dockerfile'));
    });

    it('shows plain locations when the app has no ml-patterns page', async () => {
      await renderCard(servingEntity);
      expect(await screen.findByText('serve/app.py:12')).toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: /serve\/app\.py/ }),
      ).not.toBeInTheDocument();
    });
  });

  it('says the entity is not scored when the repository could not be read', async () => {
    const response: EntityReportResponse = {
      ...servingReport,
      report: {
        ...servingReport.report,
        score: null,
        grade: null,
        evidenceSource: {
          status: 'unavailable',
          reason: 'GitHub answered 404',
        },
      },
    };
    server.use(reportOf(servingEntity, response));
    await renderCard(servingEntity);
    expect(
      await screen.findByText(
        /Not scored: repository unreadable \(GitHub answered 404\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Not scored')).toBeInTheDocument();
    expect(screen.queryByText(/^Grade [A-F]$/)).not.toBeInTheDocument();
  });

  it('says when the grade comes from the last good read of the repository', async () => {
    const response: EntityReportResponse = {
      ...servingReport,
      report: {
        ...servingReport.report,
        evidenceSource: {
          status: 'stale',
          location: 'url:https://github.com/acme/recommender',
          reason: 'could not read the repository: 429 (rate limit exceeded)',
          readAt: '2026-12-06T10:00:00.000Z',
        },
      },
    };
    server.use(reportOf(servingEntity, response));
    await renderCard(servingEntity);
    expect(
      await screen.findByText(
        /Showing the last good read of the source repository, from .*: the latest read failed \(could not read the repository: 429 \(rate limit exceeded\)\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(`Grade ${servingReport.report.grade}`),
    ).toBeInTheDocument();
  });

  it('shows an empty state when no check applies', async () => {
    const response: EntityReportResponse = {
      ...servingReport,
      report: {
        ...servingReport.report,
        role: 'dataset',
        score: null,
        grade: null,
        coverage: 0,
        checks: servingReport.report.checks.map(
          (check: ReportCheck): ReportCheck => ({
            ...check,
            verdict: 'not-applicable',
            waiver: undefined,
          }),
        ),
      },
    };
    server.use(reportOf(servingEntity, response));
    await renderCard(servingEntity);
    expect(await screen.findByText('No checks apply')).toBeInTheDocument();
    expect(
      screen.getByText('No score: no check could be verified'),
    ).toBeInTheDocument();
    expect(screen.getByText('Not graded')).toBeInTheDocument();
  });

  describe('when the backend report is unreachable', () => {
    beforeEach(() => {
      server.use(
        specHttp.get(REPORT_ROUTE, ({ response }) =>
          response('default').json(
            backendError(503, 'Error', 'upstream timed out'),
            { status: 503 },
          ),
        ),
      );
    });

    it('falls back to the stamped annotations and the built-in rule text', async () => {
      await renderCard(servingEntity);
      expect(
        await screen.findByText(
          /The ml-patterns backend could not be reached \(Request failed with 503 .*: upstream timed out\)/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('img', { name: 'Score 52 of 100' }),
      ).toBeInTheDocument();
      expect(screen.getByText('Grade D')).toBeInTheDocument();
      expect(screen.getByText(/Coverage 80%/)).toBeInTheDocument();
      expect(screen.getByText('All-in-one: detected')).toBeInTheDocument();
      expect(checkTitles()).toEqual([
        'One inference model per serving process',
        'Serving unit declares its own dependencies',
        'Changes are reviewed',
      ]);
      expect(
        screen.getByText(/Add a dependency manifest \(requirements.txt/),
      ).toBeInTheDocument();
    });

    it('never invents a score from malformed annotations', async () => {
      const entity: Entity = {
        ...servingEntity,
        metadata: {
          ...servingEntity.metadata,
          annotations: {
            [OUTPUT_ANNOTATIONS.role]: 'serving-unit',
            [OUTPUT_ANNOTATIONS.score]: 'lots',
            [OUTPUT_ANNOTATIONS.grade]: 'z',
            [OUTPUT_ANNOTATIONS.allInOne]: 'maybe',
            [OUTPUT_ANNOTATIONS.failedChecks]: 'custom/rule-from-a-module',
          },
        },
      };
      await renderCard(entity);
      expect(
        await screen.findByText('No score: no check could be verified'),
      ).toBeInTheDocument();
      expect(screen.getByText('Not graded')).toBeInTheDocument();
      expect(
        screen.getByText("All-in-one: couldn't verify"),
      ).toBeInTheDocument();
      expect(checkTitles()).toEqual(['custom/rule-from-a-module']);
    });

    it('shows the error when the entity has no stamped summary', async () => {
      await renderCard(outOfScopeEntity);
      expect(
        await screen.findByText(/Request failed with 503 Service Unavailable/),
      ).toBeInTheDocument();
      expect(screen.getAllByText(/upstream timed out/).length).toBeGreaterThan(
        0,
      );
      expect(screen.queryByText(/Grade/)).not.toBeInTheDocument();
    });
  });

  it('says how to bring an out-of-scope entity into scope', async () => {
    server.use(
      specHttp.get(REPORT_ROUTE, ({ params, response }) =>
        namesEntity(params, outOfScopeEntity)
          ? response(404).json(
              backendError(404, 'NotFoundError', 'not in scope'),
            )
          : undefined,
      ),
    );
    await renderCard(outOfScopeEntity);
    expect(
      await screen.findByText('Not in ml-patterns scope'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /ml-patterns.io\/scope: model \| serving-unit \| repository/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Component of type model-server, inference-service, ml-service/,
      ),
    ).toBeInTheDocument();
  });
});

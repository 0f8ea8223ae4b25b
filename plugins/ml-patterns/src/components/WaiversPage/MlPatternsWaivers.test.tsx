import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { backendError, waiverList } from '../../__testUtils__/fixtures';
import { renderWithApis, tableRows } from '../../__testUtils__/renderWithApis';
import { specHttp } from '../../__testUtils__/specHttp';
import { MlPatternsRouter } from '../Router';
import { MlPatternsWaivers } from './MlPatternsWaivers';

// material-table re-renders on every keystroke; two shared cores are slow.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

/** The query string of every waiver request. */
let queries: string[];

beforeEach(() => {
  queries = [];
  server.use(
    specHttp.get('/v1/waivers', ({ request, query, response }) => {
      queries.push(new URL(request.url).search);
      const state = query.get('state');
      return response(200).json({
        ...waiverList,
        waivers: waiverList.waivers.filter(w => !state || w.state === state),
      });
    }),
  );
});

describe('MlPatternsWaivers', () => {
  it('lists every waiver with its state, entity, rule, reason, approver, end and ticket', async () => {
    await renderWithApis(<MlPatternsWaivers />);
    await screen.findAllByText('Recommendations server', undefined, {
      timeout: 10_000,
    });
    expect(tableRows()).toEqual([
      [
        'Expired',
        'Recommendations server',
        'only-me/code-review',
        'Pair programming on every change',
        'ml-platform-team',
        '2026-09-30',
        '—',
        'recsys-team',
      ],
      [
        'Active',
        'Recommendations server',
        'all-in-one/no-shared-server-group',
        'Migration to separate deployments planned for Q1',
        'ml-platform-team',
        '2027-03-31',
        'browse/ML-12, Opens in a new window',
        'recsys-team',
      ],
      [
        'Invalid',
        'pricing-notebooks',
        'only-me/team-ownership',
        'Alice maintains it aloneNot applied: no approvedBy: name the user or group that approved it, e.g. group:default/ml-platform; no until: give the last day it applies, YYYY-MM-DD',
        '—',
        '—',
        '—',
        'alice',
      ],
    ]);
    expect(
      screen.getAllByRole('link', { name: 'Recommendations server' })[0],
    ).toHaveAttribute('href', '/catalog/default/component/recsys-serving');
    expect(
      screen.getByRole('link', { name: /^browse\/ML-12/ }),
    ).toHaveAttribute('href', 'https://tracker.example.com/browse/ML-12');
  });

  it('filters by state, with the count of each in the picker', async () => {
    await renderWithApis(<MlPatternsWaivers />);
    await screen.findAllByText('Recommendations server');
    await userEvent.click(screen.getByLabelText('State'));
    const options = screen
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(options).toEqual([
      'All (3)',
      'Active (1)',
      'Expired (1)',
      'Invalid (1)',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Expired (1)' }));
    await waitFor(() => expect(tableRows()).toHaveLength(1));
    expect(tableRows()[0][0]).toBe('Expired');
    expect(queries).toEqual(['', '?state=expired']);
  });

  it('takes the state from the URL and asks for an owner once typing pauses', async () => {
    await renderWithApis(<MlPatternsWaivers />, '/?state=invalid');
    await waitFor(() => expect(tableRows()).toHaveLength(1));
    expect(tableRows()[0][0]).toBe('Invalid');
    await userEvent.type(screen.getByLabelText('Owner'), 'recsys-team');
    await waitFor(() =>
      expect(queries).toEqual([
        '?state=invalid',
        '?state=invalid&owner=recsys-team',
      ]),
    );
  });

  it('says when there are no waivers', async () => {
    server.use(
      specHttp.get('/v1/waivers', ({ response }) =>
        response(200).json({
          waivers: [],
          counts: { active: 0, expired: 0, invalid: 0 },
        }),
      ),
    );
    await renderWithApis(<MlPatternsWaivers />);
    expect(await screen.findByText('No waivers')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    server.use(
      specHttp.get('/v1/waivers', ({ response }) =>
        response('default').json(
          backendError(500, 'Error', 'catalog unavailable'),
          { status: 500 },
        ),
      ),
    );
    await renderWithApis(<MlPatternsWaivers />);
    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
  });
});

describe('the waivers tab of the ml-patterns page', () => {
  it('is the second tab, at /waivers', async () => {
    await renderWithApis(<MlPatternsRouter />, '/waivers');
    expect(await screen.findAllByText('Recommendations server')).toHaveLength(
      2,
    );
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map(tab => tab.textContent)).toEqual([
      'Scorecards',
      'Waivers',
      'Rules',
    ]);
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
  });
});

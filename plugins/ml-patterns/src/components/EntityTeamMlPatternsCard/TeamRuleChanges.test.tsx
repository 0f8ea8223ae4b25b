import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import { backendError } from '../../__testUtils__/fixtures';
import { recsysRuleChanges } from '../../__testUtils__/historyFixtures';
import { specHttp } from '../../__testUtils__/specHttp';
import { TeamRuleChanges } from './TeamRuleChanges';

const server = setupServer();
registerMswTestHooks(server);

const TEAM = 'group:default/recsys-team';

function listItems(name: string) {
  return within(screen.getByRole('list', { name }))
    .getAllByRole('listitem')
    .map(item => item.textContent);
}

describe('TeamRuleChanges', () => {
  it('lists the rules that regressed and those that improved over 30 days', async () => {
    const asked: Array<[string, string | null]> = [];
    server.use(
      specHttp.get(
        '/v1/scorecards/{groupRef}/rule-changes',
        ({ params, request, response }) => {
          asked.push([
            params.groupRef,
            new URL(request.url).searchParams.get('days'),
          ]);
          return response(200).json(recsysRuleChanges);
        },
      ),
    );
    await renderInTestApp(
      <TestApis>
        <TeamRuleChanges groupRef={TEAM} />
      </TestApis>,
    );
    expect(
      await screen.findByText(
        'Entities failing each rule on 2026-10-22 and on 2026-11-20',
      ),
    ).toBeInTheDocument();
    expect(listItems('Regressed')).toEqual([
      'Changes are reviewed0 → 2 entities',
    ]);
    // Most improved first; the unchanged rule in neither list.
    expect(listItems('Improved')).toEqual([
      'One inference model per serving process3 → 1 entity',
      'Serving unit declares its own dependencies2 → 1 entity',
    ]);
    expect(asked).toEqual([[TEAM, '30']]);
  });

  it('waits for two days of history', async () => {
    server.use(
      specHttp.get('/v1/scorecards/{groupRef}/rule-changes', ({ response }) =>
        response(200).json({
          groupRef: TEAM,
          firstDay: '2026-11-20',
          lastDay: '2026-11-20',
          rules: [{ ruleId: 'only-me/code-review', first: 1, last: 1 }],
        }),
      ),
    );
    await renderInTestApp(
      <TestApis>
        <TeamRuleChanges groupRef={TEAM} />
      </TestApis>,
    );
    expect(
      await screen.findByText(
        'Rule changes show once the team has two days of history.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the team has no history', async () => {
    server.use(
      specHttp.get('/v1/scorecards/{groupRef}/rule-changes', ({ response }) =>
        response(404).json(
          backendError(404, 'NotFoundError', 'No scorecard history'),
        ),
      ),
    );
    await renderInTestApp(
      <TestApis>
        <TeamRuleChanges groupRef="group:default/new-team" />
      </TestApis>,
    );
    expect(await screen.findByText('No history yet')).toBeInTheDocument();
  });
});

import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import { backendError, BASE_URL } from '../../__testUtils__/fixtures';
import { ScoreTrend } from './ScoreTrend';

const server = setupServer();
registerMswTestHooks(server);

function answerHistory(status: number, name: string) {
  server.use(
    http.get(`${BASE_URL}/v1/scorecards/:groupRef/history`, () =>
      HttpResponse.json(backendError(status, name, 'no history'), { status }),
    ),
  );
}

describe('ScoreTrend', () => {
  it('says there is no history yet for a group without any (404)', async () => {
    answerHistory(404, 'NotFoundError');
    await renderInTestApp(
      <TestApis>
        <ScoreTrend groupRef="group:default/new-team" />
      </TestApis>,
    );
    expect(await screen.findByText('No history yet')).toBeInTheDocument();
  });

  it('says the trend is unavailable when the backend fails', async () => {
    answerHistory(500, 'Error');
    await renderInTestApp(
      <TestApis>
        <ScoreTrend groupRef="group:default/recsys-team" />
      </TestApis>,
    );
    expect(await screen.findByText('Trend unavailable')).toBeInTheDocument();
  });
});

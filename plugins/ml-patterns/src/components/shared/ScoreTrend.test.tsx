import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import { backendError } from '../../__testUtils__/fixtures';
import { specHttp } from '../../__testUtils__/specHttp';
import { ScoreTrend } from './ScoreTrend';

const server = setupServer();
registerMswTestHooks(server);

/** The history route answering with the backend's error body. */
function answerHistory(status: 404 | 500, name: string) {
  const body = backendError(status, name, 'no history');
  server.use(
    specHttp.get('/v1/scorecards/{groupRef}/history', ({ response }) =>
      // 404 is in the spec; a server failure is its default (error) response.
      status === 404
        ? response(404).json(body)
        : response('default').json(body, { status }),
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

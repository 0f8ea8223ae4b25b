import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import request from 'supertest';
import { assertResponseMatchesSpec } from '../__testUtils__/specCheckedRequest';
import {
  CallerReadBudget,
  DEFAULT_CALLER_RATE_LIMIT,
  readCallerRateLimit,
} from './callerRateLimit';

describe('CallerReadBudget', () => {
  function app(budget: CallerReadBudget) {
    const server = express();
    server.get('/report', budget.middleware, (_req, res) => {
      res.json({ ok: true });
    });
    return server;
  }

  function budgetOf(max: number) {
    return new CallerReadBudget(mockServices.httpAuth(), {
      max,
      windowMs: 60_000,
    });
  }

  it('holds each caller to their own limit, whatever their address', async () => {
    const server = app(budgetOf(2));
    const alice = mockCredentials.user.header('user:default/alice');
    const bob = mockCredentials.user.header('user:default/bob');
    for (let i = 0; i < 2; i++) {
      expect(
        (await request(server).get('/report').set('Authorization', alice))
          .status,
      ).toBe(200);
    }
    const limited = await request(server)
      .get('/report')
      .set('Authorization', alice);
    expect(limited.status).toBe(429);
    // The error body the spec gives a rate-limited report.
    assertResponseMatchesSpec(
      'get',
      '/v1/entities/component/default/recommender/report',
      limited,
    );
    expect(limited.body.error).toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('at most 2 every 60 s'),
    });
    expect(limited.headers.ratelimit).toBeDefined();
    // Another user from the same address is not held back.
    expect(
      (await request(server).get('/report').set('Authorization', bob)).status,
    ).toBe(200);
    // Nor is a service.
    expect(
      (
        await request(server)
          .get('/report')
          .set('Authorization', mockCredentials.service.header())
      ).status,
    ).toBe(200);
  });

  it('is one budget for the REST endpoints and the actions', async () => {
    const budget = budgetOf(2);
    const server = app(budget);
    const alice = mockCredentials.user('user:default/alice');
    await budget.spend(alice);
    expect(
      (
        await request(server)
          .get('/report')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
      ).status,
    ).toBe(200);
    // Both reads spent: the action is refused too, with a message an
    // assistant can act on.
    await expect(budget.spend(alice)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /at most 2 every 60 s\. Try again in \d+ s\./,
      ),
    });
    const limited = await request(server)
      .get('/report')
      .set('Authorization', mockCredentials.user.header('user:default/alice'));
    expect(limited.status).toBe(429);
    // Another caller still has their own budget.
    await expect(
      budget.spend(mockCredentials.user('user:default/bob')),
    ).resolves.toBeUndefined();
  });

  it('reads mlPatterns.reports.rateLimit', () => {
    expect(readCallerRateLimit(new ConfigReader({}))).toEqual(
      DEFAULT_CALLER_RATE_LIMIT,
    );
    expect(
      readCallerRateLimit(
        new ConfigReader({ mlPatterns: { reports: { rateLimit: false } } }),
      ),
    ).toBeUndefined();
    expect(
      readCallerRateLimit(
        new ConfigReader({
          mlPatterns: {
            reports: { rateLimit: { max: 5, window: { minutes: 10 } } },
          },
        }),
      ),
    ).toEqual({ max: 5, windowMs: 600_000 });
    expect(() =>
      readCallerRateLimit(
        new ConfigReader({
          mlPatterns: { reports: { rateLimit: { max: 0 } } },
        }),
      ),
    ).toThrow(/rateLimit.max/);
  });
});

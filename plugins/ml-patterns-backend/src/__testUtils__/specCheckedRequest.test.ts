import express from 'express';
import {
  assertResponseMatchesSpec,
  specCheckedRequest,
} from './specCheckedRequest';

const rules = {
  rules: [
    {
      id: 'acme/model-card',
      title: 'Model has a model card',
      pattern: 'only-me',
      rationale: 'Others must know what the model is for.',
      remediation: ['Add MODEL_CARD.md'],
      references: [],
      appliesTo: ['model'],
      weight: 1,
      enabled: true,
      source: 'extension',
    },
  ],
  rulesetVersion: '1',
};

const notFound = {
  error: { name: 'NotFoundError', message: 'No entity' },
  request: { method: 'GET', url: '/v1/rules' },
  response: { statusCode: 404 },
};

/** A server answering `/api/ml-patterns/v1/rules` with the given body. */
function answering(status: number, body: unknown) {
  const app = express();
  app.get('/api/ml-patterns/v1/rules', (_req, res) => {
    res.status(status).json(body);
  });
  return app;
}

describe('specCheckedRequest', () => {
  it('passes responses the spec allows', async () => {
    const ok = await specCheckedRequest(answering(200, rules)).get(
      '/api/ml-patterns/v1/rules',
    );
    expect(ok.body).toEqual(rules);
    const error = await specCheckedRequest(answering(404, notFound)).get(
      '/api/ml-patterns/v1/rules',
    );
    expect(error.status).toBe(404);
  });

  it('fails a body that does not match the schema of its status', async () => {
    const { rulesetVersion: _, ...withoutVersion } = rules;
    await expect(
      specCheckedRequest(answering(200, withoutVersion)).get(
        '/api/ml-patterns/v1/rules',
      ),
    ).rejects.toThrow(
      "GET /v1/rules: the 200 body does not match the OpenAPI spec: body must have required property 'rulesetVersion'",
    );
  });

  it('fails fields the spec does not list, and wrong enum values', async () => {
    const rule = { ...rules.rules[0], evaluate: 'leaked', source: 'plugin' };
    await expect(
      specCheckedRequest(
        answering(200, { rules: [rule], rulesetVersion: '1' }),
      ).get('/api/ml-patterns/v1/rules'),
    ).rejects.toThrow(
      /body\/rules\/0 must NOT have additional properties.*body\/rules\/0\/source must be equal to one of the allowed values/,
    );
  });

  it('checks undocumented statuses against the default (error) response', async () => {
    await expect(
      specCheckedRequest(answering(503, rules)).get(
        '/api/ml-patterns/v1/rules',
      ),
    ).rejects.toThrow(
      /the 503 body does not match the OpenAPI spec: body must have required property 'error'/,
    );
  });

  it('fails requests to operations the spec does not have', () => {
    expect(() =>
      assertResponseMatchesSpec('get', '/api/ml-patterns/v1/nope', {
        status: 200,
        type: 'application/json',
        body: {},
      }),
    ).toThrow('GET /v1/nope: no such operation in the OpenAPI spec');
    expect(() =>
      assertResponseMatchesSpec('post', '/api/ml-patterns/v1/rules', {
        status: 200,
        type: 'application/json',
        body: rules,
      }),
    ).toThrow('POST /v1/rules: no such operation in the OpenAPI spec');
  });

  it('fails bodies that are not JSON', () => {
    expect(() =>
      assertResponseMatchesSpec('get', '/api/ml-patterns/v1/rules', {
        status: 200,
        type: 'text/html',
        body: {},
      }),
    ).toThrow(
      'GET /v1/rules: status 200 answered text/html, the spec says application/json',
    );
  });

  it('matches templated paths segment by segment, query aside', () => {
    const body = { groupRef: 'group:default/a', snapshots: [] };
    expect(() =>
      assertResponseMatchesSpec(
        'get',
        '/api/ml-patterns/v1/scorecards/group%3Adefault%2Fa/history?days=3',
        { status: 200, type: 'application/json', body },
      ),
    ).not.toThrow();
    expect(() =>
      assertResponseMatchesSpec(
        'get',
        '/api/ml-patterns/v1/scorecards/group%3Adefault%2Fa/entities',
        { status: 200, type: 'application/json', body },
      ),
    ).toThrow(/must have required property 'entities'/);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import {
  startExampleBackend,
  waitForStamped,
} from './__testUtils__/exampleBackend';

jest.setTimeout(120_000);

/** The development token of app-config.yaml, as README tells MCP clients. */
const STATIC_TOKEN = 'ml-patterns-local-token';

/** What an MCP client answers for a tool call. */
interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, any>;
  content: Array<{ type: string; text?: string }>;
}

// MCP clients talking to the example backend over streamable HTTP, as an
// assistant would, with the app's real authentication and permission
// backend, and the REST API answering the same questions.
describe('example backend over MCP', () => {
  let backend: Awaited<ReturnType<typeof startExampleBackend>>;
  let client: Client;
  let url: URL;

  async function connect(token: string) {
    const connected = new Client({
      name: 'ml-patterns-test',
      version: '1.0.0',
    });
    await connected.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    return connected;
  }

  beforeAll(async () => {
    backend = await startExampleBackend({
      realAuth: true,
      // Jest runs with NODE_ENV=test; the guest provider is for development.
      config: config => ({
        ...config,
        auth: {
          ...config.auth,
          providers: {
            guest: {
              ...config.auth.providers.guest,
              dangerouslyAllowOutsideDevelopment: true,
            },
          },
        },
      }),
    });
    url = new URL(
      `http://localhost:${backend.server.port()}/api/mcp-actions/v1`,
    );
    await waitForStamped(
      backend.server,
      ['recsys-serving', 'recsys-training'],
      {
        token: STATIC_TOKEN,
      },
    );
    client = await connect(STATIC_TOKEN);
  });

  afterAll(async () => {
    await client?.close();
    await backend?.stop();
  });

  async function call(
    name: string,
    args: Record<string, unknown>,
    on = client,
  ) {
    return (await on.callTool({
      name: `ml-patterns.${name}`,
      arguments: args,
    })) as ToolResult;
  }

  async function rest(path: string, token = STATIC_TOKEN) {
    const res = await request(backend.server)
      .get(`/api/ml-patterns${path}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  it('lists the ml-patterns tools and the catalog read-only ones', async () => {
    const { tools } = await client.listTools();
    const names = tools.map(tool => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ml-patterns.get-ml-patterns-report',
        'ml-patterns.list-ml-patterns-entities',
        'ml-patterns.get-ml-patterns-scorecard',
        'ml-patterns.explain-ml-patterns-rule',
        'ml-patterns.score-ml-patterns-repository',
        'catalog.get-catalog-entity',
      ]),
    );
    // app-config exposes read-only actions only.
    expect(names).not.toContain('catalog.register-entity');
    const report = tools.find(
      tool => tool.name === 'ml-patterns.get-ml-patterns-report',
    );
    expect(report?.inputSchema.required).toEqual(['entityRef']);
    expect(report?.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
  });

  it('answers a report as the REST API does', async () => {
    const result = await call('get-ml-patterns-report', {
      entityRef: 'component:default/recsys-serving',
    });
    expect(result.isError).toBeFalsy();
    const endpoint = await rest(
      '/v1/entities/component/default/recsys-serving/report',
    );
    expect(result.structuredContent?.report).toEqual(endpoint.report);
    expect(endpoint.report.checks.length).toBeGreaterThan(0);
    // The text content is the same answer, for clients that read text.
    expect(JSON.parse(result.content[0].text!)).toEqual(
      result.structuredContent,
    );
  });

  it('answers a signed-in user with their own credentials', async () => {
    const guest = await request(backend.server)
      .get('/api/auth/guest/refresh')
      .set('X-Requested-With', 'XMLHttpRequest');
    expect(guest.status).toBe(200);
    const token: string = guest.body.backstageIdentity.token;
    const asGuest = await connect(token);
    try {
      const result = await call(
        'get-ml-patterns-report',
        { entityRef: 'component:default/recsys-serving' },
        asGuest,
      );
      expect(result.isError).toBeFalsy();
      const endpoint = await rest(
        '/v1/entities/component/default/recsys-serving/report',
        token,
      );
      expect(result.structuredContent?.report).toEqual(endpoint.report);
    } finally {
      await asGuest.close();
    }
  });

  it("answers a team's scorecard and trend as the REST API does", async () => {
    const result = await call('get-ml-patterns-scorecard', {
      groupRef: 'group:default/recsys-team',
      days: 30,
    });
    expect(result.isError).toBeFalsy();
    const { rows } = await rest('/v1/scorecards?groupBy=owner');
    const { snapshots } = await rest(
      '/v1/scorecards/group:default%2Frecsys-team/history?days=30',
    );
    expect(result.structuredContent).toEqual({
      groupRef: 'group:default/recsys-team',
      groupBy: 'owner',
      scorecard: rows.find(
        (row: { groupRef: string }) =>
          row.groupRef === 'group:default/recsys-team',
      ),
      history: snapshots,
    });
    expect(result.structuredContent?.scorecard.entityCount).toBeGreaterThan(0);
  });

  it("lists a team's entities as the scorecard drill-down does", async () => {
    const result = await call('list-ml-patterns-entities', {
      owner: 'recsys-team',
    });
    expect(result.isError).toBeFalsy();
    const { entities } = await rest(
      '/v1/scorecards/group:default%2Frecsys-team/entities',
    );
    expect(entities.length).toBeGreaterThan(0);
    expect(
      result.structuredContent?.entities.map(
        ({ owner, system, ...entity }: Record<string, unknown>) => entity,
      ),
    ).toEqual(entities);
    expect(result.structuredContent?.totalCount).toBe(entities.length);
  });

  it('explains a rule as the rule catalog does', async () => {
    const result = await call('explain-ml-patterns-rule', {
      ruleId: 'only-me/code-review',
    });
    expect(result.isError).toBeFalsy();
    const { rules } = await rest('/v1/rules');
    expect(result.structuredContent?.rule).toEqual(
      rules.find((rule: { id: string }) => rule.id === 'only-me/code-review'),
    );
  });

  it('reports bad input and refused addresses as tool errors', async () => {
    const missing = await call('get-ml-patterns-report', {});
    expect(missing.isError).toBe(true);
    expect(missing.content[0].text).toMatch(
      /^InputError: Invalid input to action/,
    );

    const uncovered = await call('score-ml-patterns-repository', {
      url: 'https://git.example.com/acme/recsys',
    });
    expect(uncovered.isError).toBe(true);
    expect(uncovered.content[0].text).toBe(
      "InputError: No integration covers git.example.com: ml-patterns reads repositories through the SCM integrations configured under 'integrations' in app-config",
    );
  });

  it('refuses callers without a token', async () => {
    const res = await request(backend.server)
      .post('/api/mcp-actions/v1')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(res.status).toBe(401);
  });
});

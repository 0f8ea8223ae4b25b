import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  BUILT_IN_RULES,
  RulesResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import { setupServer } from 'msw/node';
import { backendError } from '../../__testUtils__/fixtures';
import { renderWithApis, tableRows } from '../../__testUtils__/renderWithApis';
import { specHttp } from '../../__testUtils__/specHttp';
import { MlPatternsRouter } from '../Router';
import { MlPatternsRules } from './MlPatternsRules';

// material-table renders every row with its cells; two shared cores are slow.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

/**
 * The backend's catalog: the first built-in rule with its weight raised in
 * config, and a rule a rules module added and config switched off.
 */
const catalog: RulesResponse = {
  rules: [
    { ...BUILT_IN_RULES[0], weight: 5, enabled: true, source: 'built-in' },
    {
      id: 'acme/model-card',
      pattern: 'only-me',
      title: 'The model has a model card',
      appliesTo: ['model'],
      weight: 2,
      rationale: 'Nobody else can judge a model nobody described.',
      remediation: ['Write a MODEL_CARD.md', 'Link it from the catalog'],
      references: [],
      enabled: false,
      source: 'extension',
    },
  ],
  rulesetVersion: '1+acme.2',
};

function serve(body: RulesResponse = catalog) {
  server.use(
    specHttp.get('/v1/rules', ({ response }) => response(200).json(body)),
  );
}

describe('MlPatternsRules', () => {
  it('lists each rule with its id, pattern, roles, weight, why and how to fix', async () => {
    serve();
    await renderWithApis(<MlPatternsRules />);
    expect(
      await screen.findByText('Rules (rule set 1+acme.2)'),
    ).toBeInTheDocument();
    const [builtIn, extension] = tableRows();
    expect(builtIn).toEqual([
      `${BUILT_IN_RULES[0].title}${BUILT_IN_RULES[0].id}`,
      'All-in-one',
      'Serving unit, Model, Training repository',
      '5',
      BUILT_IN_RULES[0].rationale,
      BUILT_IN_RULES[0].remediation.join(''),
      'On · built-in',
    ]);
    expect(extension).toEqual([
      'The model has a model cardacme/model-card',
      'Only-me',
      'Model',
      '2',
      'Nobody else can judge a model nobody described.',
      'Write a MODEL_CARD.mdLink it from the catalog',
      'Off · extension',
    ]);
    expect(
      within(screen.getAllByRole('row')[2])
        .getAllByRole('listitem')
        .map(step => step.textContent),
    ).toEqual(['Write a MODEL_CARD.md', 'Link it from the catalog']);
  });

  it('finds rules by the text of their remediation steps', async () => {
    serve();
    await renderWithApis(<MlPatternsRules />);
    await screen.findByText('The model has a model card');
    await userEvent.type(screen.getByPlaceholderText('Filter'), 'MODEL_CARD');
    // The table filters a moment after the last key stroke.
    await waitFor(() =>
      expect(tableRows().map(row => row[0])).toEqual([
        'The model has a model cardacme/model-card',
      ]),
    );
  });

  it('says when the backend lists no rules', async () => {
    serve({ rules: [], rulesetVersion: '1' });
    await renderWithApis(<MlPatternsRules />);
    expect(await screen.findByText('No rules')).toBeInTheDocument();
  });

  it('shows the API error', async () => {
    server.use(
      specHttp.get('/v1/rules', ({ response }) =>
        response('default').json(
          backendError(503, 'ServiceUnavailableError', 'scorer not ready'),
          { status: 503 },
        ),
      ),
    );
    await renderWithApis(<MlPatternsRules />);
    expect(
      await screen.findByText(/Request failed with 503 Service Unavailable/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/scorer not ready/).length).toBeGreaterThan(0);
  });
});

describe('the rules tab of the ml-patterns page', () => {
  it('is the third tab, at /rules', async () => {
    serve();
    await renderWithApis(<MlPatternsRouter />, '/rules');
    expect(
      await screen.findByText('The model has a model card'),
    ).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map(tab => tab.textContent)).toEqual([
      'Scorecards',
      'Waivers',
      'Rules',
    ]);
    expect(tabs[2]).toHaveAttribute('aria-selected', 'true');
  });
});

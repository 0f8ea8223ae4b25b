import {
  ContentHeader,
  Header,
  Page,
  SupportButton,
  TabbedLayout,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { PropsWithChildren, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mlPatternsApiRef } from '../../api';
import { rulesRouteRef, waiversRouteRef } from '../../routes';
import { MlPatternsRules } from '../RulesPage';
import { AsyncContent } from '../shared/AsyncContent';
import { MlPatternsWaivers } from '../WaiversPage';
import { GroupEntitiesPanel } from './GroupEntitiesPanel';
import { ScorecardFilters, ScorecardFilterValues } from './ScorecardFilters';
import { ScorecardTable } from './ScorecardTable';

const INITIAL_FILTERS: ScorecardFilterValues = {
  groupBy: 'owner',
  kind: '',
  type: '',
  system: '',
};

/** Typing in a filter refetches once the user pauses. */
const FILTER_DEBOUNCE_MS = 300;

/**
 * The scorecard dashboard without the page chrome, e.g. to embed in a tab.
 *
 * @public
 */
export const MlPatternsScorecards = () => {
  const api = useApi(mlPatternsApiRef);
  const [filters, setFilters] = useState(INITIAL_FILTERS);
  const [query, setQuery] = useState(INITIAL_FILTERS);
  const [selected, setSelected] = useState<string | undefined>();
  useDebounce(() => setQuery(filters), FILTER_DEBOUNCE_MS, [filters]);

  const { loading, error, value } = useAsync(
    () => api.getScorecards(query),
    [api, query],
  );

  const onFiltersChange = (next: ScorecardFilterValues) => {
    if (next.groupBy !== filters.groupBy) {
      // A team ref means nothing once rows are systems or domains.
      setSelected(undefined);
    }
    setFilters(next);
  };

  const table = (
    <AsyncContent
      state={{ loading, error, value }}
      isEmpty={scorecards => scorecards.rows.length === 0}
      empty={{
        title: 'No ML entities in scope',
        description:
          'No catalog entity matches these filters, or the catalog processor has not scored any entity yet. ML entities are Resources of type ml-model/ai-model/model and Components of type model-server, training-pipeline and similar, or any entity with the ml-patterns.io/scope annotation.',
      }}
    >
      {scorecards => (
        <ScorecardTable
          groupBy={scorecards.groupBy ?? query.groupBy}
          rows={scorecards.rows}
          onSelect={setSelected}
        />
      )}
    </AsyncContent>
  );

  return (
    <>
      <ScorecardFilters value={filters} onChange={onFiltersChange} />
      {table}
      {selected && (
        <Box marginTop={3}>
          <GroupEntitiesPanel
            groupRef={selected}
            kind={query.kind}
            type={query.type}
            system={query.system}
            onClose={() => setSelected(undefined)}
          />
        </Box>
      )}
    </>
  );
};

/** A tab of the page: its heading, with help behind the support button. */
const Tab = (props: PropsWithChildren<{ title: string; help: string }>) => (
  <>
    <ContentHeader title={props.title}>
      <SupportButton>{props.help}</SupportButton>
    </ContentHeader>
    {props.children}
  </>
);

/**
 * The team scorecard dashboards page, with the waivers in a second tab
 * (`/waivers` under the page's path) and the rule catalog in a third
 * (`/rules`).
 *
 * @public
 */
export const MlPatternsPage = () => (
  <Page themeId="tool">
    <Header
      title="ML anti-patterns"
      subtitle="Where each team stands on All-in-one and Only-me, and where it is heading"
    />
    <TabbedLayout>
      <TabbedLayout.Route path="/" title="Scorecards">
        <Tab
          title="Team scorecards"
          help="Scores come from the ml-patterns catalog processor. Pick a row to see its entities and their failed checks."
        >
          <MlPatternsScorecards />
        </Tab>
      </TabbedLayout.Route>
      <TabbedLayout.Route path={waiversRouteRef.path} title="Waivers">
        <Tab
          title="Waivers"
          help="Every waiver of the entities you may see. An active waiver takes its check out of the score until its last day; an expired one no longer applies; an invalid one (no reason, approver or end date, or an unknown rule) never applied: fix it in the entity's ml-patterns.io/waivers annotation."
        >
          <MlPatternsWaivers />
        </Tab>
      </TabbedLayout.Route>
      <TabbedLayout.Route path={rulesRouteRef.path} title="Rules">
        <Tab
          title="Rules"
          help="The rules ml-patterns scores each entity with: what each checks, why it matters and how to fix a failure. A failed rule costs its weight in the score; a rule switched off in the backend's configuration costs nothing."
        >
          <MlPatternsRules />
        </Tab>
      </TabbedLayout.Route>
    </TabbedLayout>
  </Page>
);

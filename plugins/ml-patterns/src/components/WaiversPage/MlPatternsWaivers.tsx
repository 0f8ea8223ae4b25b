import { useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import {
  WAIVER_STATES,
  WaiverState,
} from '@ml-patterns/plugin-ml-patterns-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mlPatternsApiRef } from '../../api';
import { WAIVER_STATE_LABELS } from '../../lib/labels';
import { AsyncContent } from '../shared/AsyncContent';
import { FilterBar, FilterSelect } from '../shared/FilterBar';
import { WaiverTable } from './WaiverTable';

/** Wide enough for a group ref and for "Expired (12)". */
const FIELD_WIDTH = 220;

/** Typing an owner refetches once the user pauses. */
const FILTER_DEBOUNCE_MS = 300;

function stateOf(value: string | null): WaiverState | undefined {
  return WAIVER_STATES.find(state => state === value);
}

/**
 * The waivers of the entities the user may see — active, expired and
 * invalid — with their reason, approver, end date and ticket, filtered by
 * state and owner (kept in the URL: `?state=expired&owner=recsys-team`).
 * Without the page chrome, e.g. to embed in a tab.
 *
 * @public
 */
export const MlPatternsWaivers = () => {
  const api = useApi(mlPatternsApiRef);
  const [params, setParams] = useSearchParams();
  const state = stateOf(params.get('state'));
  const [owner, setOwner] = useState(params.get('owner') ?? '');
  const [ownerQuery, setOwnerQuery] = useState(owner);
  useDebounce(() => setOwnerQuery(owner.trim()), FILTER_DEBOUNCE_MS, [owner]);

  const { loading, error, value } = useAsync(
    () => api.getWaivers({ state, owner: ownerQuery || undefined }),
    [api, state, ownerQuery],
  );

  const setParam = (key: string, next: string) => {
    const updated = new URLSearchParams(params);
    if (next) updated.set(key, next);
    else updated.delete(key);
    setParams(updated, { replace: true });
  };
  const count = (of?: WaiverState) => {
    if (!value) return '';
    const n = of
      ? value.counts[of]
      : Object.values(value.counts).reduce((a, b) => a + b, 0);
    return ` (${n})`;
  };

  const content = (
    <AsyncContent
      // While a new filter loads, the table keeps the last answer.
      state={{ loading: loading && !value, error, value }}
      isEmpty={list => list.waivers.length === 0}
      empty={{
        title: state ? `No ${state} waivers` : 'No waivers',
        description:
          'Entity owners waive a check with the ml-patterns.io/waivers annotation: the rule id, the reason, who approved it and the last day it applies.',
      }}
    >
      {list => <WaiverTable waivers={list.waivers} />}
    </AsyncContent>
  );

  return (
    <>
      <FilterBar>
        <FilterSelect
          id="ml-patterns-waiver-state"
          label="State"
          minWidth={FIELD_WIDTH}
          value={state ?? ''}
          options={WAIVER_STATES.map(option => ({
            value: option,
            label: `${WAIVER_STATE_LABELS[option]}${count(option)}`,
          }))}
          anyLabel={`All${count()}`}
          onChange={next => setParam('state', next)}
        />
        <TextField
          id="ml-patterns-waiver-owner"
          label="Owner"
          placeholder="group:default/recsys-team"
          variant="outlined"
          size="small"
          style={{ minWidth: FIELD_WIDTH }}
          value={owner}
          onChange={e => {
            setOwner(e.target.value);
            setParam('owner', e.target.value.trim());
          }}
        />
      </FilterBar>
      {content}
    </>
  );
};

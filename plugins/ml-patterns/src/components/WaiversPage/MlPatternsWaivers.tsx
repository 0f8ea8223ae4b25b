import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
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
import { WaiverTable } from './WaiverTable';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 220 },
}));

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
  const classes = useStyles();
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

  let content: JSX.Element;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value || value.waivers.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title={state ? `No ${state} waivers` : 'No waivers'}
        description="Entity owners waive a check with the ml-patterns.io/waivers annotation: the rule id, the reason, who approved it and the last day it applies."
      />
    );
  } else {
    content = <WaiverTable waivers={value.waivers} />;
  }

  return (
    <>
      <div className={classes.filters}>
        <TextField
          select
          id="ml-patterns-waiver-state"
          label="State"
          variant="outlined"
          size="small"
          className={classes.field}
          value={state ?? ''}
          onChange={e => setParam('state', e.target.value)}
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
        >
          <MenuItem value="">All{count()}</MenuItem>
          {WAIVER_STATES.map(option => (
            <MenuItem key={option} value={option}>
              {WAIVER_STATE_LABELS[option]}
              {count(option)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="ml-patterns-waiver-owner"
          label="Owner"
          placeholder="group:default/recsys-team"
          variant="outlined"
          size="small"
          className={classes.field}
          value={owner}
          onChange={e => {
            setOwner(e.target.value);
            setParam('owner', e.target.value.trim());
          }}
        />
      </div>
      {content}
    </>
  );
};

import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  BUILT_IN_RULES,
  RuleChange,
} from '@ml-patterns/plugin-ml-patterns-common';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { isNotFoundError } from '../../lib/errors';

const TITLES = new Map(BUILT_IN_RULES.map(rule => [rule.id, rule.title]));

const useStyles = makeStyles(theme => ({
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
    gap: theme.spacing(2),
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  count: { whiteSpace: 'nowrap' },
}));

const entities = (n: number) => `${n} ${n === 1 ? 'entity' : 'entities'}`;

const RuleList = (props: { title: string; rules: RuleChange[] }) => {
  const classes = useStyles();
  return (
    <div>
      <Typography variant="body2" component="h4">
        <strong>{props.title}</strong>
      </Typography>
      {props.rules.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <ul className={classes.list} aria-label={props.title}>
          {props.rules.map(rule => (
            <li key={rule.ruleId} className={classes.item}>
              <Typography variant="body2" title={rule.ruleId}>
                {TITLES.get(rule.ruleId) ?? rule.ruleId}
              </Typography>
              <Typography
                variant="body2"
                color="textSecondary"
                className={classes.count}
              >
                {rule.first} → {entities(rule.last)}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
};

/**
 * Which rules a team improved on and which regressed over the last `days`
 * days: the entities failing each rule on the first and on the last day of
 * the team's history in that window.
 */
export const TeamRuleChanges = (props: { groupRef: string; days?: number }) => {
  const { groupRef, days = 30 } = props;
  const classes = useStyles();
  const api = useApi(mlPatternsApiRef);
  const { loading, error, value } = useAsync(
    () => api.getRuleChanges(groupRef, { days }),
    [api, groupRef, days],
  );
  if (loading) {
    return <Skeleton variant="rect" height={64} />;
  }
  if (error) {
    return (
      <Typography variant="caption" color="textSecondary" title={error.message}>
        {isNotFoundError(error) ? 'No history yet' : 'Rule changes unavailable'}
      </Typography>
    );
  }
  if (!value?.firstDay || value.firstDay === value.lastDay) {
    return (
      <Typography variant="caption" color="textSecondary">
        Rule changes show once the team has two days of history.
      </Typography>
    );
  }
  const regressed = value.rules.filter(rule => rule.last > rule.first);
  // Most improved first.
  const improved = value.rules
    .filter(rule => rule.last < rule.first)
    .sort((a, b) => b.first - b.last - (a.first - a.last));
  return (
    <div>
      <Typography variant="caption" color="textSecondary" component="p">
        Entities failing each rule on {value.firstDay} and on {value.lastDay}
      </Typography>
      <div className={classes.columns}>
        <RuleList title="Regressed" rules={regressed} />
        <RuleList title="Improved" rules={improved} />
      </div>
    </div>
  );
};

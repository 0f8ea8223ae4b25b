import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { ScorecardSnapshot } from '@ml-patterns/plugin-ml-patterns-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { isNotFoundError } from '../../lib/errors';
import { mlPatternsApiRef } from '../../api';
import { formatDelta, TrendFigure } from './TrendFigure';

/** First and last mean score of the snapshots that have one. */
export function scoreChange(
  snapshots: ScorecardSnapshot[],
): { from: number; to: number } | undefined {
  const scored = snapshots.filter(
    (s): s is ScorecardSnapshot & { meanScore: number } =>
      typeof s.meanScore === 'number',
  );
  if (scored.length === 0) {
    return undefined;
  }
  return {
    from: Math.round(scored[0].meanScore),
    to: Math.round(scored[scored.length - 1].meanScore),
  };
}

/**
 * Mean score of a group over the last `days` days, from the history API:
 * a sparkline in tables, a chart with axes on cards.
 */
export const ScoreTrend = (props: {
  groupRef: string;
  days?: number;
  variant?: 'sparkline' | 'chart';
}) => {
  const { groupRef, days = 30, variant = 'sparkline' } = props;
  const api = useApi(mlPatternsApiRef);
  const { loading, error, value } = useAsync(
    () => api.getScorecardHistory(groupRef, { days }),
    [api, groupRef, days],
  );
  const isChart = variant === 'chart';
  const width = isChart ? 360 : 100;
  const height = isChart ? 160 : 28;

  if (loading) {
    return <Skeleton variant="rect" width={width} height={height} />;
  }
  if (error) {
    return (
      <Typography variant="caption" color="textSecondary" title={error.message}>
        {isNotFoundError(error) ? 'No history yet' : 'Trend unavailable'}
      </Typography>
    );
  }
  const snapshots = value?.snapshots ?? [];
  const change = scoreChange(snapshots);
  if (!change) {
    return (
      <Typography variant="caption" color="textSecondary">
        No history yet
      </Typography>
    );
  }
  const delta = change.to - change.from;
  const label = `Mean score over the last ${days} days: from ${change.from} to ${change.to}`;
  return (
    <TrendFigure label={label} figures={formatDelta(delta)}>
      <LineChart
        width={width}
        height={height}
        data={snapshots}
        margin={
          isChart
            ? { top: 8, right: 8, bottom: 0, left: -24 }
            : { top: 2, right: 2, bottom: 2, left: 2 }
        }
      >
        {isChart && <CartesianGrid strokeDasharray="3 3" />}
        <XAxis dataKey="day" hide={!isChart} tick={{ fontSize: 10 }} />
        <YAxis domain={[0, 100]} hide={!isChart} tick={{ fontSize: 10 }} />
        {isChart && <Tooltip />}
        <Line
          type="monotone"
          dataKey="meanScore"
          name="Mean score"
          stroke="#1976d2"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </TrendFigure>
  );
};

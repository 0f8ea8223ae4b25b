import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import {
  EntityHistoryDay,
  Grade,
} from '@ml-patterns/plugin-ml-patterns-common';
import { Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { GRADE_COLORS } from '../../lib/gradeColors';
import { formatDelta, TrendFigure } from '../shared/TrendFigure';

const WIDTH = 280;
const HEIGHT = 56;

/** A day the entity was scored: the points of the trend line. */
export type ScoredDay = EntityHistoryDay & { score: number; grade: Grade };

/** The days with a score and a grade, oldest first. */
export function scoredDays(days: EntityHistoryDay[]): ScoredDay[] {
  return days.filter(
    (day): day is ScoredDay => day.score !== null && day.grade !== null,
  );
}

/**
 * The scores' range with some room, within 0–100: a sparkline that shows
 * the direction; the figures beside it say by how much.
 */
export function yDomain(points: ScoredDay[]): [number, number] {
  const scores = points.map(point => point.score);
  return [
    Math.max(0, Math.min(...scores) - 10),
    Math.min(100, Math.max(...scores) + 10),
  ];
}

const TrendLine = (props: { entityRef: string; days: number }) => {
  const { entityRef, days } = props;
  const api = useApi(mlPatternsApiRef);
  const { loading, error, value } = useAsync(
    () => api.getEntityHistory(entityRef, { days }),
    [api, entityRef, days],
  );

  if (loading) {
    return <Skeleton variant="rect" width={WIDTH} height={HEIGHT} />;
  }
  if (error) {
    return (
      <Typography variant="caption" color="textSecondary" title={error.message}>
        Score trend unavailable
      </Typography>
    );
  }
  const points = scoredDays(value?.days ?? []);
  if (points.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary">
        The score trend shows once the entity has been scored on two days.
      </Typography>
    );
  }
  const first = points[0];
  const last = points[points.length - 1];
  const label = `Score over the last ${days} days: from ${first.score} (${first.grade}) on ${first.day} to ${last.score} (${last.grade}) on ${last.day}`;
  return (
    <TrendFigure
      label={label}
      spacing={2}
      figures={`${first.score} → ${last.score} (${formatDelta(
        last.score - first.score,
      )})`}
    >
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={points}
        margin={{ top: 4, right: 4, bottom: 4, left: 4 }}
      >
        <XAxis dataKey="day" hide />
        <YAxis domain={yDomain(points)} hide />
        <Tooltip
          formatter={(score: number, _name, item) => [
            `${score} (${(item.payload as ScoredDay).grade})`,
            'Score',
          ]}
        />
        <Line
          type="monotone"
          dataKey="score"
          name="Score"
          stroke={GRADE_COLORS[last.grade]}
          strokeWidth={2}
          dot={{ r: 2 }}
          isAnimationActive={false}
        />
      </LineChart>
    </TrendFigure>
  );
};

/**
 * The entity's score over the last `days` days, from the daily history:
 * a line once there are two scored days, a short note before that.
 */
export const EntityScoreTrend = (props: {
  entityRef: string;
  days?: number;
}) => {
  const { days = 90 } = props;
  return (
    <div>
      <Typography variant="subtitle2" component="h3">
        Score, last {days} days
      </Typography>
      <TrendLine entityRef={props.entityRef} days={days} />
    </div>
  );
};

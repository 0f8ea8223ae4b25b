import { Entity } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { readStampAnnotations } from '@ml-patterns/plugin-ml-patterns-common';
import { GradeBadge } from '../shared/GradeBadge';
import { formatScore } from '../../lib/labels';

/**
 * An entity's stamped grade and score, as the entity card shows the grade;
 * "not scored" when it has none (out of scope, or nothing could be scored).
 */
export const MlPatternsGradeCell = (props: { entity: Entity }) => {
  const { grade, score } = readStampAnnotations(
    props.entity.metadata.annotations,
  );
  if (grade === null) {
    return (
      <Typography variant="body2" color="textSecondary">
        not scored
      </Typography>
    );
  }
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <GradeBadge grade={grade} />
      <Typography variant="body2" color="textSecondary">
        {formatScore(score)}
      </Typography>
    </Box>
  );
};

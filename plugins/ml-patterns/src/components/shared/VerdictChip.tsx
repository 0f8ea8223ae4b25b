import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import {
  AntiPatternId,
  AntiPatternVerdict,
} from '@ml-patterns/plugin-ml-patterns-common';
import { ANTI_PATTERN_LABELS, VERDICT_LABELS } from '../../lib/labels';

const useStyles = makeStyles(theme => ({
  detected: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  clear: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  'not-applicable': {},
}));

/** "All-in-one: detected" and friends, coloured by verdict. */
export const VerdictChip = (props: {
  antiPattern: AntiPatternId;
  verdict: AntiPatternVerdict;
}) => {
  const { antiPattern, verdict } = props;
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[verdict]}
      label={`${ANTI_PATTERN_LABELS[antiPattern]}: ${VERDICT_LABELS[verdict]}`}
    />
  );
};

import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { WaiverState } from '@ml-patterns/plugin-ml-patterns-common';
import { WAIVER_STATE_LABELS } from '../../lib/labels';

const useStyles = makeStyles(theme => ({
  active: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  expired: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  invalid: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

/** "Active", "Expired" or "Invalid", coloured by how urgent it is. */
export const WaiverStateChip = ({ state }: { state: WaiverState }) => {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes[state]}
      label={WAIVER_STATE_LABELS[state]}
    />
  );
};

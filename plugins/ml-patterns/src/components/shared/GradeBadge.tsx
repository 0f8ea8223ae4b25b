import { makeStyles } from '@material-ui/core/styles';
import { Grade } from '@ml-patterns/plugin-ml-patterns-common';
import { GRADE_COLORS } from '../../lib/gradeColors';

const useStyles = makeStyles(theme => ({
  badge: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    color: '#fff',
    textShadow: '0 0 2px rgba(0,0,0,0.6)',
  },
  small: { minWidth: 24, height: 24, fontSize: '0.875rem' },
  large: { minWidth: 56, height: 56, fontSize: '2rem' },
  none: { backgroundColor: theme.palette.grey[500] },
}));

/** A coloured grade letter; a grey dash when there is no grade. */
export const GradeBadge = (props: {
  grade: Grade | null;
  size?: 'small' | 'large';
}) => {
  const { grade, size = 'small' } = props;
  const classes = useStyles();
  return (
    <span
      className={`${classes.badge} ${classes[size]} ${
        grade ? '' : classes.none
      }`}
      style={grade ? { backgroundColor: GRADE_COLORS[grade] } : undefined}
      aria-label={grade ? `Grade ${grade}` : 'No grade'}
      role="img"
    >
      {grade ?? '—'}
    </span>
  );
};

import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PropsWithChildren } from 'react';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: ({ spacing }: { spacing: number }) => theme.spacing(spacing),
  },
}));

/** A change as a signed figure: `+4`, `−7` (a minus sign) or `±0`. */
export function formatDelta(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `−${Math.abs(delta)}`;
  return '±0';
}

/**
 * A trend chart with its text for screen readers (`label`, which says the
 * same in words), and the change in figures beside it.
 */
export const TrendFigure = (
  props: PropsWithChildren<{
    label: string;
    figures: string;
    /** Room between chart and figures, in theme spacing units; default 1. */
    spacing?: number;
  }>,
) => {
  const classes = useStyles({ spacing: props.spacing ?? 1 });
  return (
    <div className={classes.root}>
      <div role="img" aria-label={props.label} title={props.label}>
        {props.children}
      </div>
      <Typography variant="body2" aria-hidden>
        {props.figures}
      </Typography>
    </div>
  );
};

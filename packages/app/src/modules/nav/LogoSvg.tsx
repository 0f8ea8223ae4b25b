import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto' },
  path: { fill: '#7df3e1' },
});

/** One path of the Backstage logo in the sidebar's colour, `height` pixels high. */
export const LogoSvg = (props: {
  viewBox: string;
  path: string;
  height: number;
}) => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      style={{ height: props.height }}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={props.viewBox}
    >
      <path className={classes.path} d={props.path} />
    </svg>
  );
};

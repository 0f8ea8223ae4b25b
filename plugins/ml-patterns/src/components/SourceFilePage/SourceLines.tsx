import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles(theme => ({
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    background: theme.palette.background.paper,
  },
  number: {
    width: '1%',
    padding: theme.spacing(0, 1.5),
    textAlign: 'right',
    color: theme.palette.text.secondary,
    userSelect: 'none',
    verticalAlign: 'top',
  },
  code: {
    padding: theme.spacing(0, 1.5),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
  current: {
    background:
      theme.palette.type === 'dark'
        ? 'rgba(37, 107, 243, 0.35)'
        : 'rgba(255, 213, 79, 0.45)',
  },
}));

/**
 * A text file with line numbers; the evidence line is marked
 * (`aria-current`) and scrolled into view.
 */
export const SourceLines = (props: {
  content: string;
  path: string;
  line?: number;
}) => {
  const classes = useStyles();
  const { content, path, line } = props;
  const currentRef = useRef<HTMLTableRowElement>(null);
  const lines = content.endsWith('\n')
    ? content.slice(0, -1).split('\n')
    : content.split('\n');

  useEffect(() => {
    // jsdom has no layout, hence the optional call.
    currentRef.current?.scrollIntoView?.({ block: 'center' });
  }, [line, content]);

  return (
    <table className={classes.table} aria-label={`Source of ${path}`}>
      <tbody>
        {lines.map((text, index) => {
          const number = index + 1;
          const isCurrent = number === line;
          return (
            <tr
              key={number}
              id={`L${number}`}
              ref={isCurrent ? currentRef : undefined}
              aria-current={isCurrent ? 'location' : undefined}
              className={isCurrent ? classes.current : undefined}
            >
              <td className={classes.number}>{number}</td>
              <td className={classes.code}>{text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

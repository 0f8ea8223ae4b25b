import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { useEvidenceLink } from './evidenceLinks';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  location: { fontFamily: 'monospace' },
}));

/** `path:line`, `path`, or the catalog field the evidence points at. */
export function evidenceLocation(item: EvidenceItem): string | undefined {
  if (item.path) {
    return item.line ? `${item.path}:${item.line}` : item.path;
  }
  return item.field;
}

const EvidenceEntry = ({ item }: { item: EvidenceItem }) => {
  const classes = useStyles();
  const location = evidenceLocation(item);
  const url = useEvidenceLink()(item);
  let place: JSX.Element | null = null;
  if (location && url) {
    place = (
      <Link to={url} className={classes.location}>
        {location}
      </Link>
    );
  } else if (location) {
    place = <code className={classes.location}>{location}</code>;
  } else if (url) {
    place = <Link to={url}>{url}</Link>;
  }
  const parts = [
    place,
    item.entityRef ? <EntityRefLink entityRef={item.entityRef} /> : null,
    item.note ? <span>{item.note}</span> : null,
  ].filter((part): part is JSX.Element => part !== null);
  return (
    <li>
      <Typography variant="body2" component="span">
        {parts.map((part, index) => (
          <span key={index}>
            {index > 0 ? ' — ' : ''}
            {part}
          </span>
        ))}
      </Typography>
    </li>
  );
};

/** The places in the repository or catalog that a verdict rests on. */
export const EvidenceList = ({ evidence }: { evidence: EvidenceItem[] }) => {
  const classes = useStyles();
  if (evidence.length === 0) {
    return null;
  }
  return (
    <ul className={classes.list} aria-label="Evidence">
      {evidence.map((item, index) => (
        <EvidenceEntry key={index} item={item} />
      ))}
    </ul>
  );
};

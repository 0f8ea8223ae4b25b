import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  EvidenceItem,
  RuleReference,
  WaiverTerms,
} from '@ml-patterns/plugin-ml-patterns-common';
import { EvidenceList } from './EvidenceList';
import { CheckStatusIcon, DisplayStatus } from './CheckStatusIcon';
import { WaiverTermsText } from './WaiverTermsText';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1.5, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  body: { flex: 1, minWidth: 0 },
  label: { fontWeight: theme.typography.fontWeightBold as number },
  section: { marginTop: theme.spacing(1) },
  steps: { margin: 0, paddingLeft: theme.spacing(2.5) },
  ruleId: { fontFamily: 'monospace', color: theme.palette.text.secondary },
}));

/** Everything the card can say about one check. */
export interface CheckItemProps {
  ruleId: string;
  title: string;
  status: DisplayStatus;
  /** What was found (for an unknown check: why it couldn't be verified). */
  message?: string;
  rationale?: string;
  remediation?: string[];
  evidence?: EvidenceItem[];
  /** The active waiver that waives the check. */
  waiver?: WaiverTerms;
  /** Why a waiver of the check does not apply (expired, invalid). */
  waiverProblem?: string;
  references?: RuleReference[];
}

const Section = (props: { label: string; children: React.ReactNode }) => {
  const classes = useStyles();
  return (
    <div className={classes.section}>
      <Typography variant="body2" className={classes.label}>
        {props.label}
      </Typography>
      {props.children}
    </div>
  );
};

/** One entry of the remediation checklist. */
export const CheckItem = (props: CheckItemProps) => {
  const classes = useStyles();
  const {
    ruleId,
    title,
    status,
    message,
    rationale,
    remediation,
    evidence,
    waiver,
    waiverProblem,
    references,
  } = props;
  const showFix = status === 'fail' && remediation && remediation.length > 0;
  return (
    <li className={classes.root}>
      <CheckStatusIcon status={status} />
      <div className={classes.body}>
        <Typography variant="subtitle1" component="h4">
          {title}
        </Typography>
        <Typography variant="caption" className={classes.ruleId}>
          {ruleId}
        </Typography>
        {status === 'unknown' && (
          <Typography variant="body2">
            Couldn't verify{message ? `: ${message}` : ''}
          </Typography>
        )}
        {status === 'waived' && waiver && <WaiverTermsText waiver={waiver} />}
        {waiverProblem && (
          <Typography variant="body2" color="error">
            {waiverProblem}
          </Typography>
        )}
        {status !== 'unknown' && message && (
          <Typography variant="body2" color="textSecondary">
            {status === 'waived' ? `Found: ${message}` : message}
          </Typography>
        )}
        {status === 'fail' && rationale && (
          <Section label="Why it matters">
            <Typography variant="body2">{rationale}</Typography>
          </Section>
        )}
        {showFix && (
          <Section label="How to fix">
            <ol className={classes.steps}>
              {remediation!.map(step => (
                <li key={step}>
                  <Typography variant="body2">{step}</Typography>
                </li>
              ))}
            </ol>
          </Section>
        )}
        {evidence && evidence.length > 0 && status !== 'pass' && (
          <Section label="Evidence">
            <EvidenceList evidence={evidence} />
          </Section>
        )}
        {status === 'fail' && references && references.length > 0 && (
          <Section label="Read more">
            {references.map(reference => (
              <div key={reference.url}>
                <Link to={reference.url}>
                  <Typography variant="body2" component="span">
                    {reference.title}
                  </Typography>
                </Link>
              </div>
            ))}
          </Section>
        )}
      </div>
    </li>
  );
};

import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { buildChecklist, ReportCheck } from '../../lib/checklist';
import { CheckItem } from './CheckItem';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0, width: '100%' },
  section: { marginTop: theme.spacing(2) },
}));

const Checks = ({
  checks,
  label,
}: {
  checks: ReportCheck[];
  label: string;
}) => {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label={label}>
      {checks.map(check => (
        <CheckItem
          key={check.ruleId}
          ruleId={check.ruleId}
          title={check.rule?.title ?? check.ruleId}
          status={check.waiver ? 'waived' : check.verdict}
          message={check.message}
          rationale={check.rule?.rationale}
          remediation={check.rule?.remediation}
          references={check.rule?.references}
          evidence={check.evidence ?? []}
          waiver={check.waiver}
          waiverProblem={check.waiverProblem}
        />
      ))}
    </ul>
  );
};

const Heading = ({ children }: { children: React.ReactNode }) => (
  <Typography variant="h6" component="h3">
    {children}
  </Typography>
);

/**
 * The checks of a report, in the order a user acts on them: failed, then
 * couldn't verify, then waived; passed checks stay collapsed.
 */
export const RemediationChecklist = ({ checks }: { checks: ReportCheck[] }) => {
  const classes = useStyles();
  const { failed, unknown, waived, passed, notApplicable } =
    buildChecklist(checks);
  return (
    <div>
      {failed.length > 0 && (
        <section className={classes.section}>
          <Heading>To fix ({failed.length})</Heading>
          <Checks checks={failed} label="Failed checks" />
        </section>
      )}
      {unknown.length > 0 && (
        <section className={classes.section}>
          <Heading>Couldn't verify ({unknown.length})</Heading>
          <Checks checks={unknown} label="Checks that couldn't be verified" />
        </section>
      )}
      {waived.length > 0 && (
        <section className={classes.section}>
          <Heading>Waived ({waived.length})</Heading>
          <Checks checks={waived} label="Waived checks" />
        </section>
      )}
      {passed.length > 0 && (
        <Accordion
          className={classes.section}
          TransitionProps={{ unmountOnExit: true }}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography>
              {passed.length === 1
                ? '1 check passed'
                : `${passed.length} checks passed`}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Checks checks={passed} label="Passed checks" />
          </AccordionDetails>
        </Accordion>
      )}
      {notApplicable.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          className={classes.section}
        >
          {notApplicable.length === 1
            ? '1 check does not apply to this entity.'
            : `${notApplicable.length} checks do not apply to this entity.`}
        </Typography>
      )}
    </div>
  );
};

import { Entity } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  BUILT_IN_RULES,
  readStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';
import { describeError } from '../../lib/errors';
import { CheckItem } from './CheckItem';
import { ScoreSummary } from './ScoreSummary';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  section: { marginTop: theme.spacing(2) },
}));

const RULES_BY_ID = new Map(BUILT_IN_RULES.map(rule => [rule.id, rule]));

/**
 * The card when the live report cannot be fetched: the summary the catalog
 * processor stamped on the entity, with rule text from the built-in rules.
 */
export const AnnotationFallback = (props: { entity: Entity; error: Error }) => {
  const classes = useStyles();
  const summary = readStampAnnotations(props.entity.metadata.annotations);
  return (
    <div>
      <Alert severity="info">
        The ml-patterns backend could not be reached (
        {describeError(props.error)}). Showing the summary stamped on this
        entity by the catalog; evidence links need the full report.
      </Alert>
      {summary.evidenceStatus === 'unavailable' && (
        <Alert severity="warning" className={classes.section}>
          Not scored: repository unreadable. The reason is in the full report.
        </Alert>
      )}
      {summary.evidenceStatus === 'stale' && (
        <Alert severity="info" className={classes.section}>
          Scored from the last good read of the source repository: the latest
          read failed.
        </Alert>
      )}
      <div className={classes.section}>
        <ScoreSummary
          figures={summary}
          notScoredBecause={
            summary.evidenceStatus === 'unavailable' ? '' : undefined
          }
        />
      </div>
      {summary.failedChecks.length > 0 && (
        <section className={classes.section}>
          <Typography variant="h6" component="h3">
            To fix ({summary.failedChecks.length})
          </Typography>
          <ul className={classes.list} aria-label="Failed checks">
            {summary.failedChecks.map(ruleId => {
              const rule = RULES_BY_ID.get(ruleId);
              return (
                <CheckItem
                  key={ruleId}
                  ruleId={ruleId}
                  title={rule?.title ?? ruleId}
                  status="fail"
                  message={
                    rule
                      ? undefined
                      : 'A rule this version of the plugin does not describe; open the full report for details.'
                  }
                  rationale={rule?.rationale}
                  remediation={rule?.remediation}
                  references={rule?.references}
                />
              );
            })}
          </ul>
        </section>
      )}
      {summary.unknownChecks.length > 0 && (
        <section className={classes.section}>
          <Typography variant="h6" component="h3">
            Couldn't verify ({summary.unknownChecks.length})
          </Typography>
          <ul
            className={classes.list}
            aria-label="Checks that couldn't be verified"
          >
            {summary.unknownChecks.map(ruleId => (
              <CheckItem
                key={ruleId}
                ruleId={ruleId}
                title={RULES_BY_ID.get(ruleId)?.title ?? ruleId}
                status="unknown"
                message="the reason is in the full report"
              />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
};

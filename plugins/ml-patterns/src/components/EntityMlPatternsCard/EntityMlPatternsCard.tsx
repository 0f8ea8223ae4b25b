import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  EntityReportResponse,
  readStampedRole,
} from '@ml-patterns/plugin-ml-patterns-common';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { isNotFoundError } from '../../lib/errors';
import { AnnotationFallback } from './AnnotationFallback';
import { EntityScoreTrend } from './EntityScoreTrend';
import { EvidenceLinkProvider } from './evidenceLinks';
import { OutOfScopeState } from './OutOfScopeState';
import { RemediationChecklist } from './RemediationChecklist';
import { ScoreSummary } from './ScoreSummary';
import { WaiverProblems } from './WaiverProblems';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
}));

/** @public */
export interface EntityMlPatternsCardProps {
  /** Card title; defaults to "ML anti-patterns". */
  title?: string;
  /**
   * How the card sizes itself in its grid, as for Backstage's `InfoCard`:
   * `gridItem` fills the height of its row.
   */
  variant?: InfoCardVariants;
  /** Whether to show the score over the last 90 days; defaults to true. */
  showTrend?: boolean;
}

/** What the card says about the repository evidence when it is not a fresh read. */
export function evidenceSourceMessage(
  source: EntityReportResponse['report']['evidenceSource'],
): { severity: 'warning' | 'info'; text: string } | undefined {
  const why = source.reason ? ` (${source.reason})` : '';
  switch (source.status) {
    case 'ok':
      return undefined;
    case 'not-configured':
      return {
        severity: 'warning',
        text: 'No source repository is configured for this entity, so repository checks could not be verified.',
      };
    case 'stale':
      return {
        severity: 'info',
        text: `Showing the last good read of the source repository${
          source.readAt
            ? `, from ${new Date(source.readAt).toLocaleString()}`
            : ''
        }: the latest read failed${why}.`,
      };
    default:
      return {
        severity: 'warning',
        text: `Not scored: repository unreadable${why}. Repository checks show as couldn't verify; no grade is given until it can be read.`,
      };
  }
}

const EvidenceSourceNote = ({
  source,
}: {
  source: EntityReportResponse['report']['evidenceSource'];
}) => {
  const message = evidenceSourceMessage(source);
  return message ? (
    <Alert severity={message.severity}>{message.text}</Alert>
  ) : null;
};

const Report = (props: {
  response: EntityReportResponse;
  showTrend: boolean;
}) => {
  const { response, showTrend } = props;
  const classes = useStyles();
  const { report } = response;
  const applicable = report.checks.filter(
    check => check.verdict !== 'not-applicable' || check.waiver,
  );
  return (
    <div>
      <ScoreSummary
        figures={report}
        notScoredBecause={
          report.evidenceSource.status === 'unavailable'
            ? report.evidenceSource.reason ?? ''
            : undefined
        }
      />
      {showTrend && (
        <div className={classes.section}>
          <EntityScoreTrend entityRef={report.entityRef} />
        </div>
      )}
      <div className={classes.section}>
        <EvidenceSourceNote source={report.evidenceSource} />
      </div>
      <div className={classes.section}>
        <WaiverProblems waivers={report.waivers ?? []} />
      </div>
      {applicable.length === 0 ? (
        <EmptyState
          missing="data"
          title="No checks apply"
          description="None of the ml-patterns rules concern this entity's role."
        />
      ) : (
        <EvidenceLinkProvider
          entityRef={report.entityRef}
          location={report.evidenceSource.location}
        >
          <RemediationChecklist checks={report.checks} />
        </EvidenceLinkProvider>
      )}
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        className={classes.section}
      >
        Evaluated {new Date(response.evaluatedAt).toLocaleString()} · rule set{' '}
        {report.rulesetVersion}
      </Typography>
    </div>
  );
};

/**
 * The ML anti-pattern score of the current entity and what to do about it.
 *
 * @public
 */
export const EntityMlPatternsCard = (props: EntityMlPatternsCardProps) => {
  const { title = 'ML anti-patterns', variant, showTrend = true } = props;
  const { entity } = useEntity();
  const api = useApi(mlPatternsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { loading, error, value } = useAsync(
    () => api.getEntityReport(entityRef),
    [api, entityRef],
  );
  const role = readStampedRole(entity.metadata.annotations);

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (value) {
    content = <Report response={value} showTrend={showTrend} />;
  } else if (error && role) {
    // The processor stamped a summary: better than an error panel.
    content = <AnnotationFallback entity={entity} error={error} />;
  } else if (error && isNotFoundError(error)) {
    content = <OutOfScopeState />;
  } else {
    content = (
      <ResponseErrorPanel
        error={error ?? new Error('The ml-patterns report was empty')}
      />
    );
  }
  return (
    <InfoCard title={title} variant={variant}>
      {content}
    </InfoCard>
  );
};

import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, InfoCardVariants } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  gradeForScore,
  ScorecardEntity,
  ScorecardRow,
} from '@ml-patterns/plugin-ml-patterns-common';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { isNotFoundError } from '../../lib/errors';
import { formatPercent, formatScore } from '../../lib/labels';
import { AsyncContent } from '../shared/AsyncContent';
import { FailedCheckChips } from '../shared/FailedCheckChips';
import { GradeBadge } from '../shared/GradeBadge';
import { GradeDistributionBar } from '../shared/GradeDistributionBar';
import { ScoreTrend } from '../shared/ScoreTrend';
import { worstFirst } from '../shared/entityRows';
import { TeamRuleChanges } from './TeamRuleChanges';

const useStyles = makeStyles(theme => ({
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(110px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
  },
  figure: { margin: 0 },
  section: { marginTop: theme.spacing(3) },
  worst: { listStyle: 'none', margin: 0, padding: 0 },
  worstItem: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
}));

/** @public */
export interface EntityTeamMlPatternsCardProps {
  /** Card title; defaults to "ML anti-patterns". */
  title?: string;
  /**
   * How the card sizes itself in its grid, as for Backstage's `InfoCard`:
   * `gridItem` fills the height of its row.
   */
  variant?: InfoCardVariants;
  /** Whether to show the mean score over the last 30 days; defaults to true. */
  showTrend?: boolean;
  /**
   * Whether to show the rules that regressed and improved over the last 30
   * days; defaults to true.
   */
  showRuleChanges?: boolean;
  /** How many entities to list under "Worst entities" (0 hides the list); defaults to 5. */
  worstEntities?: number;
}

/** The sections a team summary shows, with the card's defaults filled in. */
type TeamSections = Required<
  Pick<
    EntityTeamMlPatternsCardProps,
    'showTrend' | 'showRuleChanges' | 'worstEntities'
  >
>;

const Figure = (props: { label: string; children: React.ReactNode }) => {
  const classes = useStyles();
  return (
    <div className={classes.figure}>
      <Typography variant="caption" color="textSecondary" component="dt">
        {props.label}
      </Typography>
      <Typography variant="h6" component="dd" style={{ margin: 0 }}>
        {props.children}
      </Typography>
    </div>
  );
};

const TeamSummary = (props: {
  groupRef: string;
  row: ScorecardRow;
  entities: ScorecardEntity[];
  sections: TeamSections;
}) => {
  const { groupRef, row, entities, sections } = props;
  const classes = useStyles();
  const worst = worstFirst(entities).slice(
    0,
    Math.max(0, sections.worstEntities),
  );
  return (
    <div>
      <dl className={classes.figures}>
        <Figure label="Entities in scope">{row.entityCount}</Figure>
        <Figure label="Mean score">
          {formatScore(row.meanScore)}{' '}
          <GradeBadge
            grade={row.meanScore === null ? null : gradeForScore(row.meanScore)}
          />
        </Figure>
        <Figure label="All-in-one">
          {row.detections?.['all-in-one'] ?? 0}
        </Figure>
        <Figure label="Only-me">{row.detections?.['only-me'] ?? 0}</Figure>
        <Figure label="Coverage">{formatPercent(row.meanCoverage)}</Figure>
        <Figure label="Waived checks">{row.waivedChecks ?? 0}</Figure>
      </dl>
      <div className={classes.section}>
        <Typography variant="subtitle2" component="h3">
          Grades
        </Typography>
        <GradeDistributionBar
          grades={row.grades}
          ungraded={row.ungraded}
          width={320}
          height={20}
        />
      </div>
      {sections.showTrend && (
        <div className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            Mean score, last 30 days
          </Typography>
          <ScoreTrend groupRef={groupRef} variant="chart" />
        </div>
      )}
      {sections.showRuleChanges && (
        <div className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            Rules, last 30 days
          </Typography>
          <TeamRuleChanges groupRef={groupRef} />
        </div>
      )}
      {worst.length > 0 && (
        <div className={classes.section}>
          <Typography variant="subtitle2" component="h3">
            Worst entities
          </Typography>
          <ol className={classes.worst} aria-label="Worst entities">
            {worst.map(entity => (
              <li key={entity.entityRef} className={classes.worstItem}>
                <GradeBadge grade={entity.grade} />
                <div>
                  <Typography variant="body2">
                    <EntityRefLink
                      entityRef={entity.entityRef}
                      title={entity.title}
                    />{' '}
                    · score {formatScore(entity.score)}
                  </Typography>
                  <FailedCheckChips ruleIds={entity.failedChecks ?? []} />
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
};

/**
 * For Group entity pages: the team's scorecard, its trend and its worst
 * entities.
 *
 * @public
 */
export const EntityTeamMlPatternsCard = (
  props: EntityTeamMlPatternsCardProps,
) => {
  const {
    title = 'ML anti-patterns',
    variant,
    showTrend = true,
    showRuleChanges = true,
    worstEntities = 5,
  } = props;
  const { entity } = useEntity();
  const api = useApi(mlPatternsApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { loading, error, value } = useAsync(async () => {
    const [scorecards, entities] = await Promise.all([
      api.getScorecards({ groupBy: 'owner' }),
      api.getScorecardEntities(groupRef).catch(e => {
        // A team with nothing in scope may be unknown to the backend.
        if (isNotFoundError(e)) return { groupRef, entities: [] };
        throw e;
      }),
    ]);
    const row = scorecards.rows.find(each => each.groupRef === groupRef);
    // No row, or one without entities: nothing in scope (the empty state).
    return row && row.entityCount > 0
      ? { row, entities: entities.entities }
      : undefined;
  }, [api, groupRef]);

  const content = (
    <AsyncContent
      state={{ loading, error, value }}
      empty={{
        title: 'No ML entities in scope',
        description:
          'This team owns no models, serving services or training repositories that ml-patterns scores.',
      }}
    >
      {team => (
        <TeamSummary
          groupRef={groupRef}
          row={team.row}
          entities={team.entities}
          sections={{ showTrend, showRuleChanges, worstEntities }}
        />
      )}
    </AsyncContent>
  );
  return (
    <InfoCard title={title} variant={variant}>
      {content}
    </InfoCard>
  );
};

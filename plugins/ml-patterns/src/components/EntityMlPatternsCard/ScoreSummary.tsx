import { Gauge } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  AntiPatternVerdict,
  EntityRole,
  Grade,
  ReleasePattern,
} from '@ml-patterns/plugin-ml-patterns-common';
import { GradeBadge } from '../shared/GradeBadge';
import { VerdictChip } from '../shared/VerdictChip';
import { scoreColor } from '../../lib/gradeColors';
import {
  formatPercent,
  RELEASE_PATTERN_LABELS,
  ROLE_LABELS,
} from '../../lib/labels';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(3),
  },
  // The Gauge's figure has a fixed 45px font: at 120px the ring is too
  // narrow for three digits ("100").
  gauge: { width: 140 },
  noScore: {
    width: 140,
    height: 140,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
  },
  facts: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

/** What the summary shows, from a report or from the stamped annotations. */
export interface ScoreFigures {
  role: EntityRole | null;
  score: number | null;
  grade: Grade | null;
  /** 0–1. */
  coverage: number | null;
  antiPatterns: Record<'all-in-one' | 'only-me', AntiPatternVerdict>;
  releasePattern: ReleasePattern;
}

export interface ScoreSummaryProps {
  /** A report or a stamp reading: only these fields are read. */
  figures: ScoreFigures;
  /** Why there is no score, when the repository could not be read. */
  notScoredBecause?: string;
}

function gradeTitle(grade: Grade | null, unreadable: boolean): string {
  if (grade) return `Grade ${grade}`;
  return unreadable ? 'Not scored' : 'Not graded';
}

/** Score gauge, grade, coverage and one chip per verdict. */
export const ScoreSummary = (props: ScoreSummaryProps) => {
  const { role, score, grade, coverage, antiPatterns, releasePattern } =
    props.figures;
  const unreadable = props.notScoredBecause !== undefined;
  const classes = useStyles();
  return (
    <div className={classes.root}>
      {score === null ? (
        <div className={classes.noScore}>
          <Typography variant="body2" color="textSecondary">
            {unreadable
              ? 'Not scored: repository unreadable'
              : 'No score: no check could be verified'}
          </Typography>
        </div>
      ) : (
        <div
          className={classes.gauge}
          role="img"
          aria-label={`Score ${score} of 100`}
        >
          <Gauge
            value={score}
            fractional={false}
            max={100}
            unit=""
            getColor={() => scoreColor(score)}
          />
        </div>
      )}
      <div className={classes.facts}>
        <Box display="flex" alignItems="center" gridGap={12}>
          <GradeBadge grade={grade} size="large" />
          <div>
            <Typography variant="h6">
              {gradeTitle(grade, unreadable)}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              Coverage {formatPercent(coverage)}
              {role ? ` · ${ROLE_LABELS[role]}` : ''}
            </Typography>
          </div>
        </Box>
        <div className={classes.chips}>
          <VerdictChip
            antiPattern="all-in-one"
            verdict={antiPatterns['all-in-one']}
          />
          <VerdictChip
            antiPattern="only-me"
            verdict={antiPatterns['only-me']}
          />
          {releasePattern !== 'not-applicable' && (
            <Chip
              size="small"
              variant="outlined"
              label={`Release: ${RELEASE_PATTERN_LABELS[releasePattern]}`}
            />
          )}
        </div>
      </div>
    </div>
  );
};

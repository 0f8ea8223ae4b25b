import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { BUILT_IN_RULES } from '@ml-patterns/plugin-ml-patterns-common';

const TITLES = new Map(BUILT_IN_RULES.map(rule => [rule.id, rule.title]));

/** The failed checks of an entity, by rule title (id on hover). */
export const FailedCheckChips = ({ ruleIds }: { ruleIds: string[] }) => {
  if (ruleIds.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        None
      </Typography>
    );
  }
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
      {ruleIds.map(ruleId => (
        <Tooltip key={ruleId} title={ruleId}>
          <Chip size="small" label={TITLES.get(ruleId) ?? ruleId} />
        </Tooltip>
      ))}
    </div>
  );
};

import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  DEFAULT_SCOPE,
  ScorecardGroupBy,
} from '@ml-patterns/plugin-ml-patterns-common';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 180 },
}));

/** The dashboard's grouping and filters; empty strings mean "any". */
export interface ScorecardFilterValues {
  groupBy: ScorecardGroupBy;
  kind: string;
  type: string;
  system: string;
}

export const GROUP_BY_LABELS: Record<ScorecardGroupBy, string> = {
  owner: 'Owner (team)',
  system: 'System',
  domain: 'Domain',
};

/** Types the default scope scores, as suggestions (any type can be typed). */
function suggestedTypes(kind: string): string[] {
  const types = new Set<string>();
  for (const entries of Object.values(DEFAULT_SCOPE)) {
    for (const entry of entries) {
      if (!kind || entry.kind === kind.toLowerCase()) {
        entry.types.forEach(type => types.add(type));
      }
    }
  }
  return [...types].sort();
}

export const ScorecardFilters = (props: {
  value: ScorecardFilterValues;
  onChange: (value: ScorecardFilterValues) => void;
}) => {
  const { value, onChange } = props;
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <TextField
        select
        id="ml-patterns-group-by"
        label="Group by"
        variant="outlined"
        size="small"
        className={classes.field}
        value={value.groupBy}
        onChange={e =>
          onChange({ ...value, groupBy: e.target.value as ScorecardGroupBy })
        }
      >
        {(Object.keys(GROUP_BY_LABELS) as ScorecardGroupBy[]).map(groupBy => (
          <MenuItem key={groupBy} value={groupBy}>
            {GROUP_BY_LABELS[groupBy]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        id="ml-patterns-kind"
        label="Kind"
        variant="outlined"
        size="small"
        className={classes.field}
        value={value.kind}
        onChange={e => onChange({ ...value, kind: e.target.value as string })}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">All kinds</MenuItem>
        <MenuItem value="component">Component</MenuItem>
        <MenuItem value="resource">Resource</MenuItem>
      </TextField>
      <Autocomplete
        id="ml-patterns-type"
        freeSolo
        options={suggestedTypes(value.kind)}
        inputValue={value.type}
        onInputChange={(_event, type) => onChange({ ...value, type })}
        className={classes.field}
        renderInput={params => (
          <TextField
            {...params}
            label="Type"
            variant="outlined"
            size="small"
            placeholder="Any type"
          />
        )}
      />
      <TextField
        id="ml-patterns-system"
        label="System"
        variant="outlined"
        size="small"
        className={classes.field}
        placeholder="e.g. fraud-detection"
        value={value.system}
        onChange={e => onChange({ ...value, system: e.target.value })}
      />
    </div>
  );
};

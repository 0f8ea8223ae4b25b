import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  DEFAULT_SCOPE,
  ScorecardGroupBy,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  FilterBar,
  FilterSelect,
  useFilterFieldClass,
} from '../shared/FilterBar';

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

const GROUP_BY_OPTIONS = (
  Object.keys(GROUP_BY_LABELS) as ScorecardGroupBy[]
).map(groupBy => ({ value: groupBy, label: GROUP_BY_LABELS[groupBy] }));

const KIND_OPTIONS = [
  { value: 'component', label: 'Component' },
  { value: 'resource', label: 'Resource' },
];

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
  const fieldClass = useFilterFieldClass();
  return (
    <FilterBar>
      <FilterSelect
        id="ml-patterns-group-by"
        label="Group by"
        value={value.groupBy}
        options={GROUP_BY_OPTIONS}
        onChange={groupBy =>
          onChange({ ...value, groupBy: groupBy || value.groupBy })
        }
      />
      <FilterSelect
        id="ml-patterns-kind"
        label="Kind"
        value={value.kind}
        options={KIND_OPTIONS}
        anyLabel="All kinds"
        onChange={kind => onChange({ ...value, kind })}
      />
      <Autocomplete
        id="ml-patterns-type"
        freeSolo
        options={suggestedTypes(value.kind)}
        inputValue={value.type}
        onInputChange={(_event, type) => onChange({ ...value, type })}
        className={fieldClass}
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
        className={fieldClass}
        placeholder="e.g. fraud-detection"
        value={value.system}
        onChange={e => onChange({ ...value, system: e.target.value })}
      />
    </FilterBar>
  );
};

import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { PropsWithChildren } from 'react';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 180 },
}));

/** The row of filters above a list, wrapping on narrow screens. */
export const FilterBar = ({ children }: PropsWithChildren<{}>) => {
  const classes = useStyles();
  return <div className={classes.bar}>{children}</div>;
};

/** The class of a filter field, so text fields line up with the selects. */
export function useFilterFieldClass(): string {
  return useStyles().field;
}

/**
 * A select of a filter bar. With `anyLabel`, an empty value means "any"
 * and is the first option.
 */
export function FilterSelect<T extends string>(props: {
  id: string;
  label: string;
  value: T | '';
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T | '') => void;
  anyLabel?: string;
  minWidth?: number;
}) {
  const { id, label, value, options, onChange, anyLabel, minWidth } = props;
  const classes = useStyles();
  const hasAny = anyLabel !== undefined;
  return (
    <TextField
      select
      id={id}
      label={label}
      variant="outlined"
      size="small"
      className={classes.field}
      style={minWidth ? { minWidth } : undefined}
      value={value}
      onChange={e =>
        onChange(
          options.find(option => option.value === e.target.value)?.value ?? '',
        )
      }
      // An empty value shows its option's label, not a blank field.
      SelectProps={hasAny ? { displayEmpty: true } : undefined}
      InputLabelProps={hasAny ? { shrink: true } : undefined}
    >
      {hasAny && <MenuItem value="">{anyLabel}</MenuItem>}
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

import {
  CatalogAutocomplete,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import CheckBoxIcon from '@material-ui/icons/CheckBox';
import CheckBoxOutlineBlankIcon from '@material-ui/icons/CheckBoxOutlineBlank';
import { ReactNode, useEffect, useMemo, useState } from 'react';
import { MlPatternsEntityFilters } from './MlPatternsEntityFilters';

type FilterKey = 'mlPatternsGrade' | 'mlPatternsAntiPattern';

interface StampFilterPickerProps<T extends string> {
  /** The filter's key in the entity list and in the query string. */
  name: FilterKey;
  label: string;
  options: T[];
  renderLabel: (option: T) => ReactNode;
  getOptionLabel: (option: T) => string;
  /** A query-string value as an option, or null when it is none. */
  parse: (value: string) => T | null;
  createFilter: (values: T[]) => MlPatternsEntityFilters[FilterKey];
  initialFilter?: T[];
}

function parseAll<T extends string>(
  values: unknown[],
  parse: (value: string) => T | null,
): T[] {
  const parsed = values
    .filter((value): value is string => typeof value === 'string')
    .map(parse)
    .filter((value): value is T => value !== null);
  return [...new Set(parsed)];
}

/**
 * A multi-select over fixed options that sets one entity-list filter, as
 * the built-in pickers do: the selection starts from the query string, then
 * the filter already set, then `initialFilter`, and follows query-string
 * changes (so a link opens the catalog filtered).
 */
export function StampFilterPicker<T extends string>(
  props: StampFilterPickerProps<T>,
) {
  const { name, label, options, renderLabel, getOptionLabel, parse } = props;
  const { createFilter, initialFilter } = props;
  const {
    filters,
    updateFilters,
    queryParameters: { [name]: queryParameter },
  } = useEntityList<MlPatternsEntityFilters>();

  // qs parses hostile query strings into objects too: keep known strings.
  const fromQuery = useMemo(
    () => parseAll([queryParameter].flat(), parse),
    [queryParameter, parse],
  );
  const [selected, setSelected] = useState<T[]>(() => {
    if (fromQuery.length) return fromQuery;
    const current = filters[name]?.values;
    return current ? parseAll(current, parse) : initialFilter ?? [];
  });

  useEffect(() => {
    if (fromQuery.length) setSelected(fromQuery);
  }, [fromQuery]);

  useEffect(() => {
    updateFilters({
      [name]: selected.length ? createFilter(selected) : undefined,
    });
  }, [name, selected, createFilter, updateFilters]);

  return (
    <Box pb={1} pt={1}>
      <CatalogAutocomplete<T, true>
        multiple
        disableCloseOnSelect
        name={`${name}-picker`}
        label={label}
        options={options}
        value={selected}
        onChange={(_event, value) => setSelected(value)}
        getOptionLabel={getOptionLabel}
        renderOption={(option, { selected: checked }) => (
          <FormControlLabel
            control={
              <Checkbox
                icon={<CheckBoxOutlineBlankIcon fontSize="small" />}
                checkedIcon={<CheckBoxIcon fontSize="small" />}
                checked={checked}
              />
            }
            onClick={event => event.preventDefault()}
            label={renderLabel(option)}
          />
        )}
      />
    </Box>
  );
}

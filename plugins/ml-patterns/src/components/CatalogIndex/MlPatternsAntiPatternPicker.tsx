import {
  ANTI_PATTERN_IDS,
  AntiPatternId,
} from '@ml-patterns/plugin-ml-patterns-common';
import { ANTI_PATTERN_LABELS } from '../../lib/labels';
import { MlPatternsAntiPatternFilter } from './MlPatternsAntiPatternFilter';
import { StampFilterPicker } from './StampFilterPicker';

/** @public */
export interface MlPatternsAntiPatternPickerProps {
  /** Anti-patterns selected when neither the query string nor the list sets any. */
  initialFilter?: AntiPatternId[];
}

const OPTIONS = [...ANTI_PATTERN_IDS];

function parseAntiPattern(value: string): AntiPatternId | null {
  return ANTI_PATTERN_IDS.find(id => id === value.trim()) ?? null;
}

function detectedLabel(antiPattern: AntiPatternId): string {
  return `${ANTI_PATTERN_LABELS[antiPattern]} detected`;
}

/** The selected chip: short, as the picker is narrow. */
function chipLabel(antiPattern: AntiPatternId): string {
  return ANTI_PATTERN_LABELS[antiPattern];
}

function createFilter(values: AntiPatternId[]) {
  return new MlPatternsAntiPatternFilter(values);
}

/**
 * Catalog index filter: "All-in-one detected", "Only-me detected"; with
 * both selected, entities on which both are detected. Query string:
 * `filters[mlPatternsAntiPattern]=all-in-one`.
 *
 * @public
 */
export function MlPatternsAntiPatternPicker(
  props: MlPatternsAntiPatternPickerProps,
) {
  return (
    <StampFilterPicker
      name="mlPatternsAntiPattern"
      label="ML anti-patterns"
      options={OPTIONS}
      getOptionLabel={chipLabel}
      renderLabel={detectedLabel}
      parse={parseAntiPattern}
      createFilter={createFilter}
      initialFilter={props.initialFilter}
    />
  );
}

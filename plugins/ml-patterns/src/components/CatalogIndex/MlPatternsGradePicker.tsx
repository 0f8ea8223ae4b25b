import { Grade, GRADES } from '@ml-patterns/plugin-ml-patterns-common';
import { GradeBadge } from '../shared/GradeBadge';
import { MlPatternsGradeFilter } from './MlPatternsGradeFilter';
import { StampFilterPicker } from './StampFilterPicker';

/** @public */
export interface MlPatternsGradePickerProps {
  /** Grades selected when neither the query string nor the list sets any. */
  initialFilter?: Grade[];
}

const OPTIONS = [...GRADES];

function parseGrade(value: string): Grade | null {
  const upper = value.trim().toUpperCase();
  return GRADES.find(grade => grade === upper) ?? null;
}

function createFilter(values: Grade[]) {
  return new MlPatternsGradeFilter(values);
}

/**
 * Catalog index filter: entities whose ml-patterns grade is one of the
 * selected ones (A–F). Query string: `filters[mlPatternsGrade]=D`.
 *
 * @public
 */
export function MlPatternsGradePicker(props: MlPatternsGradePickerProps) {
  return (
    <StampFilterPicker
      name="mlPatternsGrade"
      label="ML grade"
      options={OPTIONS}
      getOptionLabel={grade => grade}
      renderLabel={grade => <GradeBadge grade={grade} />}
      parse={parseGrade}
      createFilter={createFilter}
      initialFilter={props.initialFilter}
    />
  );
}

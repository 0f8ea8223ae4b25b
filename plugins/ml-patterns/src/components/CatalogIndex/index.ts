export { createMlPatternsGradeColumn } from './createMlPatternsGradeColumn';
export type { MlPatternsGradeColumnOptions } from './createMlPatternsGradeColumn';
export { MlPatternsGradeFilter } from './MlPatternsGradeFilter';
export { MlPatternsAntiPatternFilter } from './MlPatternsAntiPatternFilter';
export type { MlPatternsEntityFilters } from './MlPatternsEntityFilters';
export { MlPatternsGradePicker } from './MlPatternsGradePicker';
export type { MlPatternsGradePickerProps } from './MlPatternsGradePicker';
export { MlPatternsAntiPatternPicker } from './MlPatternsAntiPatternPicker';
export type { MlPatternsAntiPatternPickerProps } from './MlPatternsAntiPatternPicker';

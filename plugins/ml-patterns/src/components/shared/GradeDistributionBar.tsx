import { Bar, BarChart, Tooltip, XAxis, YAxis } from 'recharts';
import { Grade, GRADES } from '@ml-patterns/plugin-ml-patterns-common';
import { GRADE_COLORS } from '../../lib/gradeColors';

const UNGRADED_COLOR = '#9e9e9e';

/** Accessible text of a grade distribution, e.g. "A 2, B 1, ungraded 1". */
export function describeGrades(
  grades: Record<Grade, number>,
  ungraded: number,
): string {
  const parts = GRADES.filter(grade => (grades[grade] ?? 0) > 0).map(
    grade => `${grade} ${grades[grade]}`,
  );
  if (ungraded > 0) {
    parts.push(`ungraded ${ungraded}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'no graded entities';
}

/** A small horizontal stacked bar: how many entities got each grade. */
export const GradeDistributionBar = (props: {
  grades: Record<Grade, number>;
  ungraded: number;
  width?: number;
  height?: number;
}) => {
  const { grades, ungraded, width = 140, height = 18 } = props;
  const total =
    GRADES.reduce((sum, grade) => sum + (grades[grade] ?? 0), 0) + ungraded;
  const label = `Grades: ${describeGrades(grades, ungraded)}`;
  return (
    <div role="img" aria-label={label} title={label} style={{ width }}>
      {total > 0 && (
        <BarChart
          width={width}
          height={height}
          layout="vertical"
          data={[{ ...grades, ungraded }]}
          margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
          barCategoryGap={0}
        >
          <XAxis type="number" hide domain={[0, total]} />
          <YAxis type="category" hide />
          <Tooltip
            cursor={false}
            wrapperStyle={{ zIndex: 10 }}
            labelFormatter={() => 'Grades'}
          />
          {GRADES.map(grade => (
            <Bar
              key={grade}
              dataKey={grade}
              name={grade}
              stackId="grades"
              fill={GRADE_COLORS[grade]}
              isAnimationActive={false}
            />
          ))}
          <Bar
            dataKey="ungraded"
            name="ungraded"
            stackId="grades"
            fill={UNGRADED_COLOR}
            isAnimationActive={false}
          />
        </BarChart>
      )}
    </div>
  );
};

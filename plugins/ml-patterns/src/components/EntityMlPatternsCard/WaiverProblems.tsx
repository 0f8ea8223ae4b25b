import Alert from '@material-ui/lab/Alert';
import {
  DeclaredWaiver,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * The waivers of the entity that waive nothing because they are invalid:
 * problems of the entity to fix, not to be silently dropped.
 */
export const WaiverProblems = ({ waivers }: { waivers: DeclaredWaiver[] }) => {
  const invalid = waivers.filter(waiver => waiver.state === 'invalid');
  if (invalid.length === 0) return null;
  return (
    <Alert severity="warning">
      {invalid.length === 1
        ? `A waiver in ${INPUT_ANNOTATIONS.waivers} is not applied:`
        : `${invalid.length} waivers in ${INPUT_ANNOTATIONS.waivers} are not applied:`}
      <ul aria-label="Waivers not applied">
        {invalid.map((waiver, i) => (
          <li key={`${waiver.ruleId ?? ''}-${i}`}>
            {waiver.ruleId ? `${waiver.ruleId}: ` : ''}
            {waiver.problem}
          </li>
        ))}
      </ul>
    </Alert>
  );
};

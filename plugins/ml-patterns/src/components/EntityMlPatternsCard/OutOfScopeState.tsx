import Typography from '@material-ui/core/Typography';
import {
  DEFAULT_SCOPE,
  EntityRole,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { ROLE_LABELS } from '../../lib/labels';

const SCORED_ROLES: EntityRole[] = ['model', 'serving-unit', 'repository'];

function describeScope(role: EntityRole): string {
  return DEFAULT_SCOPE[role]
    .map(entry => {
      const kind = entry.kind.charAt(0).toUpperCase() + entry.kind.slice(1);
      const types = entry.types.join(', ');
      return entry.when === 'depends-on-ml'
        ? `${kind} of type ${types} that dependsOn a model or dataset`
        : `${kind} of type ${types}`;
    })
    .join('; ');
}

/** Says the entity is not scored, and how to change that. */
export const OutOfScopeState = () => (
  <div>
    <Typography variant="h6" component="h3" gutterBottom>
      Not in ml-patterns scope
    </Typography>
    <Typography variant="body2">
      ml-patterns did not score this entity. By default it scores:
    </Typography>
    <ul>
      {SCORED_ROLES.map(role => (
        <li key={role}>
          <Typography variant="body2">
            {ROLE_LABELS[role]}: {describeScope(role)}
          </Typography>
        </li>
      ))}
    </ul>
    <Typography variant="body2">
      To bring it into scope, give it one of these kinds and types (your
      Backstage may be configured with others), or add the annotation{' '}
      <code>{INPUT_ANNOTATIONS.scope}: model | serving-unit | repository</code>.
    </Typography>
  </div>
);

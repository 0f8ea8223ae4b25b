import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { AsyncContent } from '../shared/AsyncContent';
import { RuleTable } from './RuleTable';

/**
 * The rule catalog the backend scores with — built-in rules and those
 * rules modules add — with each rule's pattern, the roles it applies to,
 * its weight in the score, why it matters and how to fix a failure.
 * Without the page chrome, e.g. to embed in a tab.
 *
 * @public
 */
export const MlPatternsRules = () => {
  const api = useApi(mlPatternsApiRef);
  const { loading, error, value } = useAsync(() => api.getRules(), [api]);
  return (
    <AsyncContent
      state={{ loading, error, value }}
      isEmpty={catalog => catalog.rules.length === 0}
      empty={{
        title: 'No rules',
        description: 'The ml-patterns backend lists no rules.',
      }}
    >
      {catalog => (
        <RuleTable rules={catalog.rules} version={catalog.rulesetVersion} />
      )}
    </AsyncContent>
  );
};

import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { RulesResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { useMemo } from 'react';
import { PATTERN_LABELS, ROLE_LABELS } from '../../lib/labels';
import { LIST_TABLE_OPTIONS } from '../shared/tableOptions';

/** A rule of the catalog, as the backend lists it. */
export type RuleItem = RulesResponse['rules'][number];

const COLUMNS: TableColumn<RuleItem>[] = [
  {
    title: 'Rule',
    field: 'title',
    render: rule => (
      <>
        <Typography variant="body2">{rule.title}</Typography>
        <Typography variant="caption" color="textSecondary" component="code">
          {rule.id}
        </Typography>
      </>
    ),
  },
  {
    title: 'Pattern',
    field: 'pattern',
    render: rule => PATTERN_LABELS[rule.pattern] ?? rule.pattern,
  },
  {
    title: 'Applies to',
    field: 'appliesTo',
    sorting: false,
    render: rule =>
      rule.appliesTo.map(role => ROLE_LABELS[role] ?? role).join(', '),
  },
  {
    title: 'Weight',
    field: 'weight',
    type: 'numeric',
    cellStyle: { whiteSpace: 'nowrap' },
  },
  { title: 'Why it matters', field: 'rationale', sorting: false },
  {
    title: 'How to fix',
    field: 'remediation',
    sorting: false,
    // Search looks at the steps' text too.
    customFilterAndSearch: (term: string, rule) =>
      rule.remediation.some(step =>
        step.toLowerCase().includes(term.toLowerCase()),
      ),
    render: rule => (
      <ol style={{ margin: 0, paddingLeft: '1.2em' }}>
        {rule.remediation.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
    ),
  },
  {
    title: 'Status',
    field: 'enabled',
    cellStyle: { whiteSpace: 'nowrap' },
    render: rule =>
      `${rule.enabled ? 'On' : 'Off'} · ${
        rule.source === 'built-in' ? 'built-in' : 'extension'
      }`,
  },
];

/** Every rule of the catalog, one per row, in the order the backend gives. */
export const RuleTable = (props: { rules: RuleItem[]; version: string }) => {
  // Copies, made once: material-table writes its state into each row, and
  // resets it whenever the array changes.
  const data = useMemo(
    () => props.rules.map(rule => ({ ...rule })),
    [props.rules],
  );
  return (
    <Table<RuleItem>
      title={`Rules (rule set ${props.version})`}
      columns={COLUMNS}
      data={data}
      options={LIST_TABLE_OPTIONS}
    />
  );
};

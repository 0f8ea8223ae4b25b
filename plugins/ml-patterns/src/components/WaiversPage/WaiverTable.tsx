import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { WaiverListItem } from '@ml-patterns/plugin-ml-patterns-common';
import { useMemo } from 'react';
import { NO_GROUP } from '../../lib/groupRefs';
import { WaiverStateChip } from '../shared/WaiverStateChip';
import { LIST_TABLE_OPTIONS } from '../shared/tableOptions';

/** A row of the table: a waiver with a unique id. */
type WaiverRow = WaiverListItem & { id: string };

function isEntityRef(value: string | undefined): value is string {
  if (!value) return false;
  try {
    parseEntityRef(value);
    return true;
  } catch {
    return false;
  }
}

/** A user or group as a link to its page; text when it is not a ref. */
const RefOrText = ({ value }: { value?: string }) => {
  if (!value || value === NO_GROUP) return <>—</>;
  return isEntityRef(value) ? (
    <EntityRefLink entityRef={value} />
  ) : (
    <span>{value}</span>
  );
};

/**
 * A short label for a ticket link: its last two path segments
 * (`issues/22`, `browse/ML-12`), the whole link when it has fewer.
 */
export function ticketLabel(ticket: string): string {
  try {
    const segments = new URL(ticket).pathname.split('/').filter(Boolean);
    return segments.length >= 2 ? segments.slice(-2).join('/') : ticket;
  } catch {
    return ticket;
  }
}

const COLUMNS: TableColumn<WaiverRow>[] = [
  {
    title: 'State',
    field: 'state',
    render: row => <WaiverStateChip state={row.state} />,
  },
  {
    title: 'Entity',
    field: 'entityRef',
    highlight: true,
    render: row => (
      <EntityRefLink entityRef={row.entityRef} title={row.entityTitle} />
    ),
  },
  {
    title: 'Rule',
    field: 'ruleId',
    render: row => (
      <Typography variant="body2" component="code">
        {row.ruleId ?? 'all (annotation unreadable)'}
      </Typography>
    ),
  },
  {
    title: 'Reason',
    field: 'reason',
    // The widest column: the reason and, for an invalid waiver, its problem.
    cellStyle: { minWidth: 320 },
    render: row => (
      <>
        <Typography variant="body2">{row.reason ?? '—'}</Typography>
        {row.problem && (
          <Typography variant="body2" color="error">
            Not applied: {row.problem}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Approved by',
    field: 'approvedBy',
    render: row => <RefOrText value={row.approvedBy} />,
  },
  {
    title: 'Until',
    field: 'until',
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => row.until ?? '—',
  },
  {
    title: 'Ticket',
    field: 'ticket',
    sorting: false,
    render: row =>
      row.ticket ? (
        <Link to={row.ticket} title={row.ticket}>
          {ticketLabel(row.ticket)}
        </Link>
      ) : (
        '—'
      ),
  },
  {
    title: 'Owner',
    field: 'ownerRef',
    render: row => <RefOrText value={row.ownerRef} />,
  },
];

/** Every waiver of the list, one per row, in the order the backend gives. */
export const WaiverTable = ({ waivers }: { waivers: WaiverListItem[] }) => {
  // Stable data: material-table resets its state when the array changes.
  const data = useMemo(
    () =>
      waivers.map((waiver, i) => ({
        ...waiver,
        id: `${waiver.entityRef} ${waiver.ruleId ?? ''} ${i}`,
      })),
    [waivers],
  );
  return (
    <Table<WaiverRow>
      title="Waivers"
      columns={COLUMNS}
      data={data}
      options={LIST_TABLE_OPTIONS}
    />
  );
};

import { Table, TableColumn } from '@backstage/core-components';
import { useMemo } from 'react';
import Link from '@material-ui/core/Link';
import Box from '@material-ui/core/Box';
import {
  gradeForScore,
  ScorecardGroupBy,
  ScorecardRow,
} from '@ml-patterns/plugin-ml-patterns-common';
import { GradeBadge } from '../shared/GradeBadge';
import { GradeDistributionBar } from '../shared/GradeDistributionBar';
import { ScoreTrend } from '../shared/ScoreTrend';
import { groupDisplayName } from '../../lib/groupRefs';
import { formatPercent, formatScore } from '../../lib/labels';
import { GROUP_BY_LABELS } from './ScorecardFilters';
import { LIST_TABLE_OPTIONS } from '../shared/tableOptions';

/** A scorecard row with what the table needs to sort and show it. */
export interface ScorecardTableRow extends ScorecardRow {
  id: string;
  name: string;
  allInOne: number;
  onlyMe: number;
}

export function toTableRows(rows: ScorecardRow[]): ScorecardTableRow[] {
  return rows.map(row => ({
    ...row,
    id: row.groupRef,
    name: groupDisplayName(row.groupRef),
    allInOne: row.detections?.['all-in-one'] ?? 0,
    onlyMe: row.detections?.['only-me'] ?? 0,
  }));
}

/** Sorts numbers ascending with missing values last, whichever direction. */
function nullsLast(
  pick: (row: ScorecardTableRow) => number | null | undefined,
): (a: ScorecardTableRow, b: ScorecardTableRow) => number {
  return (a, b) => {
    const x = pick(a);
    const y = pick(b);
    if (x === null || x === undefined) {
      return y === null || y === undefined ? 0 : 1;
    }
    if (y === null || y === undefined) {
      return -1;
    }
    return x - y;
  };
}

/** One row per team (or system, or domain), sortable by every figure. */
export const ScorecardTable = (props: {
  groupBy: ScorecardGroupBy;
  rows: ScorecardRow[];
  onSelect: (groupRef: string) => void;
}) => {
  const { groupBy, rows, onSelect } = props;
  // Stable props: material-table re-initialises its state whenever columns
  // (render functions compared by identity), options or data differ.
  const columns = useMemo(
    () => scorecardColumns(groupBy, onSelect),
    [groupBy, onSelect],
  );
  const data = useMemo(() => toTableRows(rows), [rows]);
  return (
    <Table<ScorecardTableRow>
      title={`Scorecards by ${GROUP_BY_LABELS[groupBy].toLowerCase()}`}
      columns={columns}
      data={data}
      options={LIST_TABLE_OPTIONS}
    />
  );
};

function scorecardColumns(
  groupBy: ScorecardGroupBy,
  onSelect: (groupRef: string) => void,
): TableColumn<ScorecardTableRow>[] {
  return [
    {
      title: GROUP_BY_LABELS[groupBy],
      field: 'name',
      highlight: true,
      render: row => (
        <Link
          component="button"
          variant="body2"
          onClick={() => onSelect(row.groupRef)}
          aria-label={`Show the entities of ${row.name}`}
        >
          {row.name}
        </Link>
      ),
    },
    { title: 'Entities', field: 'entityCount', type: 'numeric' },
    {
      title: 'Mean score',
      field: 'meanScore',
      type: 'numeric',
      customSort: nullsLast(row => row.meanScore),
      render: row => (
        <Box
          display="flex"
          alignItems="center"
          justifyContent="flex-end"
          gridGap={8}
        >
          <span>{formatScore(row.meanScore)}</span>
          <GradeBadge
            grade={row.meanScore === null ? null : gradeForScore(row.meanScore)}
          />
        </Box>
      ),
    },
    {
      title: 'Grades',
      sorting: false,
      render: row => (
        <GradeDistributionBar grades={row.grades} ungraded={row.ungraded} />
      ),
    },
    { title: 'All-in-one', field: 'allInOne', type: 'numeric' },
    { title: 'Only-me', field: 'onlyMe', type: 'numeric' },
    {
      title: 'Waived checks',
      field: 'waivedChecks',
      type: 'numeric',
      customSort: nullsLast(row => row.waivedChecks),
    },
    {
      title: 'Coverage',
      field: 'meanCoverage',
      type: 'numeric',
      customSort: nullsLast(row => row.meanCoverage),
      render: row => formatPercent(row.meanCoverage),
    },
    {
      title: 'Trend (30 days)',
      sorting: false,
      render: row => <ScoreTrend groupRef={row.groupRef} />,
    },
  ];
}

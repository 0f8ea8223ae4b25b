import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import {
  AntiPatternVerdict,
  ScorecardEntity,
} from '@ml-patterns/plugin-ml-patterns-common';
import useAsync from 'react-use/esm/useAsync';
import { mlPatternsApiRef } from '../../api';
import { isNotFoundError } from '../../lib/errors';
import { groupDisplayName, NO_GROUP } from '../../lib/groupRefs';
import { formatScore, VERDICT_LABELS } from '../../lib/labels';
import { FailedCheckChips } from '../shared/FailedCheckChips';
import { GradeBadge } from '../shared/GradeBadge';
import { worstFirst } from '../shared/entityRows';

type EntityRow = ScorecardEntity & { id: string };

function verdictText(value: string): string {
  return VERDICT_LABELS[value as AntiPatternVerdict] ?? value;
}

const columns: TableColumn<EntityRow>[] = [
  {
    title: 'Entity',
    field: 'entityRef',
    highlight: true,
    render: row => (
      <EntityRefLink entityRef={row.entityRef} title={row.title} />
    ),
  },
  {
    title: 'Kind / type',
    render: row => (row.type ? `${row.kind} / ${row.type}` : row.kind),
  },
  {
    title: 'Score',
    field: 'score',
    type: 'numeric',
    render: row => formatScore(row.score),
  },
  {
    title: 'Grade',
    field: 'grade',
    render: row => <GradeBadge grade={row.grade} />,
  },
  {
    title: 'All-in-one',
    field: 'allInOne',
    render: row => verdictText(row.allInOne),
  },
  {
    title: 'Only-me',
    field: 'onlyMe',
    render: row => verdictText(row.onlyMe),
  },
  {
    title: 'Failed checks',
    sorting: false,
    render: row => <FailedCheckChips ruleIds={row.failedChecks ?? []} />,
  },
];

/**
 * The entities behind one scorecard row, worst first. The kind, type and
 * system filters of the dashboard apply here too.
 */
export const GroupEntitiesPanel = (props: {
  groupRef: string;
  kind?: string;
  type?: string;
  system?: string;
  onClose: () => void;
}) => {
  const { groupRef, kind, type, system, onClose } = props;
  const api = useApi(mlPatternsApiRef);
  const { loading, error, value } = useAsync(
    () =>
      api.getScorecardEntities(groupRef, { kind, type, system }).catch(e => {
        // A group with nothing in scope may be unknown to the backend.
        if (isNotFoundError(e)) return { groupRef, entities: [] };
        throw e;
      }),
    [api, groupRef, kind, type, system],
  );
  const name = groupDisplayName(groupRef);

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    const entities = worstFirst(value?.entities ?? []);
    content =
      entities.length === 0 ? (
        <Typography variant="body2">
          {name} has no ML entities in scope
          {kind || type || system ? ' that match the filters' : ''}.
        </Typography>
      ) : (
        <Table<EntityRow>
          columns={columns}
          data={entities.map(entity => ({ ...entity, id: entity.entityRef }))}
          options={{
            paging: entities.length > 20,
            pageSize: 20,
            search: false,
            draggable: false,
            toolbar: false,
            padding: 'dense',
          }}
        />
      );
  }

  return (
    <section aria-label={`Entities of ${name}`}>
      <InfoCard
        title={`Entities of ${name}`}
        subheader={
          groupRef === NO_GROUP ? undefined : (
            <EntityRefLink entityRef={groupRef}>
              Open {name} in the catalog
            </EntityRefLink>
          )
        }
        action={
          <IconButton aria-label="Close the entity list" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        }
      >
        {content}
      </InfoCard>
    </section>
  );
};

import { Entity } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogEntities } from '../../__testUtils__/catalogEntities';
import { createMlPatternsGradeColumn } from './createMlPatternsGradeColumn';

type Row = { entity: Entity; name: string };

const nameColumn: TableColumn<Row> = { title: 'Name', field: 'name' };

async function renderTable(columns: TableColumn<Row>[]) {
  await renderInTestApp(
    <Table<Row>
      title="Catalog"
      columns={columns}
      data={catalogEntities.map(entity => ({
        entity,
        name: entity.metadata.name,
      }))}
      options={{ paging: false }}
    />,
  );
}

/** Body rows as `[name, grade cell text]`. */
function shownRows(): string[][] {
  const [, ...rows] = screen.getAllByRole('row');
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(cell => cell.textContent ?? ''),
  );
}

describe('createMlPatternsGradeColumn', () => {
  it('shows the grade and score of scored entities, "not scored" otherwise', async () => {
    await renderTable([nameColumn, createMlPatternsGradeColumn<Row>()]);
    expect(
      screen.getByRole('columnheader', { name: /ML grade/ }),
    ).toBeVisible();
    expect(shownRows()).toEqual([
      ['recsys-serving', 'D41'],
      ['ranker-server', 'F22'],
      ['pricing-notebooks', 'E35'],
      ['image-classifier-server', 'A96'],
      ['unreadable-server', 'not scored'],
      ['web-frontend', 'not scored'],
    ]);
    const recsys = screen.getByRole('row', { name: /recsys-serving/ });
    expect(within(recsys).getByRole('img', { name: 'Grade D' })).toBeVisible();
  });

  it('sorts best score first, entities without a score last', async () => {
    await renderTable([
      nameColumn,
      createMlPatternsGradeColumn<Row>({ title: 'Grade' }),
    ]);
    const header = screen.getByRole('columnheader', { name: 'Grade' });
    await userEvent.click(within(header).getAllByRole('button')[0]);
    expect(shownRows().map(([name]) => name)).toEqual([
      'image-classifier-server',
      'recsys-serving',
      'pricing-notebooks',
      'ranker-server',
      'unreadable-server',
      'web-frontend',
    ]);
  });
});

import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import {
  createMlPatternsGradeColumn,
  isMlPatternsAvailable,
} from '@ml-patterns/plugin-ml-patterns';

const gradeColumn = createMlPatternsGradeColumn<CatalogTableRow>();

/** The kinds the ml-patterns processor scores by default. */
const SCORED_KINDS = ['component', 'resource'];

/**
 * The default columns, plus the ml-patterns grade where entities can have
 * one: on the kinds the processor scores, or when a listed entity is in
 * scope (any kind can opt in).
 */
const columns: CatalogTableColumnsFunc = context => {
  const kind = context.filters.kind?.value?.toLowerCase() ?? '';
  const graded =
    SCORED_KINDS.includes(kind) || context.entities.some(isMlPatternsAvailable);
  const defaults = CatalogTable.defaultColumnsFunc(context);
  return graded ? [...defaults, gradeColumn] : defaults;
};

/**
 * The catalog index page with the ml-patterns grade column. This version of
 * the catalog page has no column extension input, so the page is overridden
 * to pass `columns`; its filters (the built-in ones and the ml-patterns
 * grade and anti-pattern filters) and config are kept.
 */
const catalogIndexPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    const filters = inputs.filters.map(filter =>
      filter.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      params: {
        loader: async () => {
          const { CatalogIndexPage } = await import(
            '@backstage/plugin-catalog/alpha'
          );
          return (
            <CatalogIndexPage
              columns={columns}
              filters={<>{filters}</>}
              pagination={config.pagination}
              exportSettings={
                config.exportSettings?.enabled
                  ? config.exportSettings
                  : undefined
              }
            />
          );
        },
      },
    });
  },
});

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage],
});

/**
 * Options of the plugin's list tables (scorecards, waivers, rules): every
 * row on one page, searchable, dense; reordering columns by drag-and-drop
 * adds nothing to a list like these.
 */
export const LIST_TABLE_OPTIONS = {
  draggable: false,
  paging: false,
  search: true,
  padding: 'dense',
} as const;

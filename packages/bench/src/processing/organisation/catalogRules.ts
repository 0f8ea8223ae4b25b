/**
 * The catalog's rules for the generated organisation: it holds these kinds,
 * and the catalog's default rules take only Components, APIs and Locations
 * from a file.
 */
export const ORGANISATION_CATALOG_RULES = [
  {
    allow: [
      'Component',
      'API',
      'System',
      'Resource',
      'Location',
      'Group',
      'User',
    ],
  },
];

/**
 * The ml-patterns backend plugin: REST API for full reports, the rule
 * catalog and team scorecards with their history.
 *
 * @packageDocumentation
 */
export { mlPatternsPlugin as default } from './plugin';

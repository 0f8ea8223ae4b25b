/**
 * Catalog module of ml-patterns: a processor that scores ML entities and
 * stamps `ml-patterns.io/*` annotations.
 *
 * @packageDocumentation
 */
export { catalogModuleMlPatterns as default } from './module';

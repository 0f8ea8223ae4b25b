/**
 * Isomorphic types, annotation keys and the rule catalog of ml-patterns.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
export * from './stampAnnotations';
export * from './rules';
export * from './grades';
export * from './scope';
export * from './api';

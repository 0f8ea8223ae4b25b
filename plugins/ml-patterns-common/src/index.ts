/**
 * Isomorphic types, annotation keys, the rule catalog and the permissions of
 * ml-patterns.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './waivers';
export * from './annotations';
export * from './stampAnnotations';
export * from './rules';
export * from './grades';
export * from './scope';
export * from './api';
export * from './permissions';

export { EntityMlPatternsCard } from './EntityMlPatternsCard';
export type { EntityMlPatternsCardProps } from './EntityMlPatternsCard';

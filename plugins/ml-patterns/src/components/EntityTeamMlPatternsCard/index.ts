export { EntityTeamMlPatternsCard } from './EntityTeamMlPatternsCard';
export type { EntityTeamMlPatternsCardProps } from './EntityTeamMlPatternsCard';

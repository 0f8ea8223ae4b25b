export { MlPatternsWaivers } from './MlPatternsWaivers';

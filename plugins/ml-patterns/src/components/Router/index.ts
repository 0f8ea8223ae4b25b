export { MlPatternsRouter } from './Router';

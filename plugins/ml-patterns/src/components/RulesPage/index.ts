export { MlPatternsRules } from './MlPatternsRules';

export { SourceFilePage } from './SourceFilePage';

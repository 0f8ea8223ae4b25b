export { RepositoryEvidenceReader } from './RepositoryEvidenceReader';
export type { RepositoryEvidenceReadResult } from './RepositoryEvidenceReader';
export type { SourceLocation } from './locateSource';
export { locateEntitySource } from './locateSource';
export {
  DEFAULT_EVIDENCE_READER_SETTINGS,
  readEvidenceReaderSettings,
} from './readerSettings';
export type { EvidenceReaderSettings } from './readerSettings';
export {
  DEFAULT_SOURCE_FILE_MAX_BYTES,
  readLocalSourceFile,
} from './readLocalSourceFile';
export type { LocalSourceFile } from './readLocalSourceFile';

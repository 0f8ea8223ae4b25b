import { detectReleasePattern } from '../../../engine/releasePattern';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { RepositoryEvidence } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { repo } from './files';

/**
 * The release pattern of analysed evidence, with each side's evidence as
 * `path:line note` lines, the way the fixture tests assert it.
 */
export function releasePatternOf(
  evidence: RepositoryEvidence,
  role: 'serving-unit' | 'repository' = 'serving-unit',
) {
  const detection = detectReleasePattern(
    makeInput({ role, evidence: makeEvidence(evidence) }),
  );
  const notes = (items: typeof detection.modelInImage) =>
    items.map(i => ('path' in i ? `${i.path}:${i.line} ${i.note}` : i.note));
  return {
    evidence,
    pattern: detection.pattern,
    inImage: notes(detection.modelInImage),
    atStart: notes(detection.modelLoad),
  };
}

/** The release pattern of a tree of files (see `releasePatternOf`); binary files as Buffers. */
export function releaseOf(
  files: Record<string, string | Buffer>,
  role: 'serving-unit' | 'repository' = 'serving-unit',
) {
  return releasePatternOf(analyzeRepositoryFiles(repo(files)), role);
}

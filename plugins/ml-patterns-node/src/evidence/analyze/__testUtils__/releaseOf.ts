import { detectReleasePattern } from '../../../engine/releasePattern';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { RepositoryEvidence } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { repo } from './files';

/**
 * The release pattern of a tree of files, with each side's evidence as
 * `path:line note` lines, the way the fixture tests assert it.
 */
export function releaseOf(
  files: Record<string, string>,
  role: 'serving-unit' | 'repository' = 'serving-unit',
) {
  const evidence = analyzeRepositoryFiles(repo(files));
  const detection = detectReleasePattern(
    makeInput({
      role,
      evidence: makeEvidence(evidence as Partial<RepositoryEvidence>),
    }),
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

import { ParsedDockerfile } from '../dockerfile';
import { ancestorsOf, FileTree, joinPath } from '../paths';
import { hasGlob } from './imagePaths';

/**
 * The build context is not written in the Dockerfile. Take the folder,
 * from the Dockerfile's own up to the root, where most COPY sources exist
 * (ties go to the nearest folder).
 */
export function chooseBuildContext(
  path: string,
  parsed: ParsedDockerfile,
  tree: FileTree,
): string {
  const candidates = ancestorsOf(path).reverse();
  const sources = parsed.stages
    .flatMap(s => s.copies)
    .filter(c => !c.from)
    .flatMap(c => c.sources)
    .filter(s => !s.includes('$') && !/^[a-z]+:\/\//i.test(s))
    .map(s => s.replace(/^\.?\/+/, '').replace(/(?<!\/)\/+$/, ''))
    .filter(s => s !== '' && s !== '.');
  let best = candidates[0];
  let bestScore = 0;
  for (const candidate of candidates) {
    let score = 0;
    for (const source of sources) {
      const full = joinPath(candidate, source);
      if (full === undefined) continue;
      if (hasGlob(source)) {
        // Cheap: the folder before the first wildcard exists.
        const prefix = full
          .slice(0, full.search(/[*?[]/))
          .replace(/\/[^/]*$/, '');
        if (tree.hasDir(prefix)) score++;
      } else if (tree.exists(full)) {
        score++;
      }
    }
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

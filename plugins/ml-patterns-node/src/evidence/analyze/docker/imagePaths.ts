import { DockerCopy } from '../../types';
import { ParsedStage, workdirAt } from '../dockerfile';

/** Paths inside an image: absolute, `/`-separated, `.` and `..` resolved. */

export function normaliseImagePath(path: string): string {
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

/** Is `path` the folder `dir` or inside it (everything is inside `/`)? */
export function isUnderImagePath(path: string, dir: string): boolean {
  const x = normaliseImagePath(path);
  const y = normaliseImagePath(dir);
  return x === y || y === '/' || x.startsWith(`${y}/`);
}

/** Is one of the paths inside the other (or the same)? */
export function overlapsImagePath(a: string, b: string): boolean {
  return isUnderImagePath(a, b) || isUnderImagePath(b, a);
}

/** Does a COPY source or path pattern hold a wildcard? */
export const hasGlob = (text: string) => /[*?[]/.test(text);

/** A COPY's destination as an absolute image path. */
export function copyDestination(stage: ParsedStage, copy: DockerCopy): string {
  return normaliseImagePath(
    copy.destination.startsWith('/')
      ? copy.destination
      : `${workdirAt(stage, copy.line)}/${copy.destination}`,
  );
}

import { DockerCopy } from '../../types';
import { ancestorsOf } from '../paths';
import { PythonProject } from './pythonProject';

/**
 * The repository file of a module an image's start command names
 * (`uvicorn main:app`), found through the image's `COPY` steps when the
 * module is not beside the Dockerfile: `COPY src/main.py /app/` puts
 * `src/main.py` where the server imports `main` from, and `COPY src/ /app/`
 * puts `src/app/main.py` where it imports `app.main`. Copy sources are read
 * from the Dockerfile's folder and the folders above it (the build context
 * is one of them).
 */
export function copiedCommandModule(
  project: PythonProject,
  dotted: string,
  copies: ReadonlyArray<DockerCopy>,
  near: string,
): string | undefined {
  const relative = dotted.split('.').filter(Boolean).join('/');
  if (!relative || /^\.|\$/.test(dotted)) return undefined;
  const files = [`${relative}.py`, `${relative}/__init__.py`];
  const folders = [near, ...ancestorsOf(near).reverse()];
  for (const copy of copies) {
    if (copy.from) continue;
    for (const raw of copy.sources) {
      const source =
        raw
          .trim()
          .replace(/^\.\/+/, '')
          .replace(/(?<!\/)\/+$/, '') || '.';
      if (!source || /[*?$[]/.test(source) || /^[a-z]+:\/\//i.test(source))
        continue;
      const candidates = source.endsWith('.py')
        ? files
            .filter(file => source === file || source.endsWith(`/${file}`))
            .map(() => source)
        : files.map(file => (source === '.' ? file : `${source}/${file}`));
      for (const candidate of candidates) {
        const found = folders
          .map(folder => (folder ? `${folder}/${candidate}` : candidate))
          .find(path => project.paths.has(path));
        if (found) return found;
      }
    }
  }
  return undefined;
}

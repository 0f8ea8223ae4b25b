import { ParsedDockerfile, ParsedStage, workdirAt } from '../dockerfile';
import { baseName, FileTree, isUnder, joinPath } from '../paths';
import { normaliseImagePath } from './imagePaths';
import { lineageCopies } from './stageLineage';

/**
 * Maps a path inside the image (as used by `pip install -r x`) back to the
 * repository file a COPY brought there; falls back to the context.
 */
export function repoPathOf(
  image: { parsed: ParsedDockerfile; context: string; tree: FileTree },
  stage: ParsedStage,
  imagePath: string,
  line: number,
): string | undefined {
  const { context, tree } = image;
  const absolute = normaliseImagePath(
    imagePath.startsWith('/')
      ? imagePath
      : `${workdirAt(stage, line)}/${imagePath}`,
  );
  const copies = lineageCopies(image.parsed, stage)
    .filter(c => !c.copy.from && c.copy.line < line + 1)
    .reverse();
  for (const { copy, stage: owner } of copies) {
    const rawDest = copy.destination;
    const dest = normaliseImagePath(
      rawDest.startsWith('/')
        ? rawDest
        : `${workdirAt(owner, copy.line)}/${rawDest}`,
    );
    for (const source of copy.sources) {
      const clean = source.replace(/^\.?\/+/, '').replace(/(?<!\/)\/+$/, '');
      const sourceRepo =
        clean === '' || clean === '.' ? context : joinPath(context, clean);
      if (sourceRepo === undefined) continue;
      const candidates: string[] = [];
      if (absolute === dest) candidates.push(sourceRepo);
      if (absolute === `${dest}/${baseName(clean)}`)
        candidates.push(sourceRepo);
      if (absolute.startsWith(`${dest}/`))
        candidates.push(
          joinPath(sourceRepo, absolute.slice(dest.length + 1)) ?? '',
        );
      const hit = candidates.find(c => c && tree.hasFile(c));
      if (hit) return hit;
    }
  }
  const relative = imagePath.replace(/^\.?\/+/, '');
  const direct = joinPath(context, relative);
  if (direct && tree.hasFile(direct)) return direct;
  const byName = tree
    .filesNamed(baseName(relative))
    .filter(f => isUnder(f, context));
  if (byName.length > 0) return byName.sort((a, b) => a.length - b.length)[0];
  return imagePath.startsWith('/') ? undefined : direct;
}

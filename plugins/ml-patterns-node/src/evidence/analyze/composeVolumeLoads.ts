import type { EvidenceProblem, RepositoryFile } from '../facts/sourceLines';
import type { RepositoryEvidence } from '../facts/RepositoryEvidence';
import { isComposeFile } from './fileKinds';
import type { ServingProcessFacts } from '../facts/pythonFacts';
import type { ModelMountRun } from './packaging/mountedModelRuns';
import { isIgnoredPath, isUnder } from './paths';
import { parseYamlDocuments, YamlNav } from './yamlDocuments';

/** Compose files larger than this are not read for volumes. */
const MAX_COMPOSE_BYTES = 1_000_000;

/** Adds the loads from mounted compose volumes to the evidence (see `composeVolumeLoads`). */
export function addComposeVolumeLoads(
  evidence: RepositoryEvidence,
  files: readonly RepositoryFile[],
) {
  const composeFiles = files
    .filter(
      f =>
        f.content !== undefined &&
        f.size <= MAX_COMPOSE_BYTES &&
        !isIgnoredPath(f.path) &&
        isComposeFile(f.path),
    )
    .map(f => ({ path: f.path, text: f.content!.toString('utf8') }));
  const fed = composeVolumeLoads(composeFiles, evidence.servingProcesses ?? []);
  if (fed.length > 0)
    evidence.modelsMountedAtStart = [
      ...(evidence.modelsMountedAtStart ?? []),
      ...fed,
    ];
}

const normalized = (path: string) => path.split('/').filter(Boolean).join('/');

/**
 * A serving process loads its model from an absolute path under a folder a
 * compose service mounts (a host folder or a named volume, often shared with
 * a training service): the model reaches the server when the container
 * starts (Model-load). Weaker evidence than a copy into an image, which
 * still decides when the image holds the file.
 */
export function composeVolumeLoads(
  composeFiles: ReadonlyArray<{ path: string; text: string }>,
  processes: readonly ServingProcessFacts[],
): ModelMountRun[] {
  const loaded = processes
    .filter(p => p.server !== false)
    .flatMap(p => p.models.map(m => ({ process: p, model: m })))
    .filter(({ model }) => model.name.startsWith('/'));
  if (loaded.length === 0) return [];
  const found: ModelMountRun[] = [];
  for (const { path, text } of composeFiles) {
    const problems: EvidenceProblem[] = [];
    const parsed = parseYamlDocuments(path, text, problems);
    const first = parsed.documents[0];
    if (!first) continue;
    const nav = new YamlNav(first.doc);
    for (const [name, service] of nav.entries(first.root, 'services')) {
      for (const item of nav.items(nav.get(service, 'volumes'))) {
        const mount = mountOf(nav, item);
        if (!mount || normalized(mount.target) === '') continue;
        const load = loaded.find(({ model }) =>
          isUnder(normalized(model.name), normalized(mount.target)),
        );
        if (!load) continue;
        found.push({
          path,
          line: parsed.lineOf(item) ?? 1,
          description: `compose service ${name} mounts ${mount.source} at ${mount.target}, where ${load.process.command} loads its model (${load.model.name}): the model is supplied when the container starts`,
        });
      }
    }
  }
  return found;
}

/** The source and target of a bind mount or named volume; undefined for an anonymous one. */
function mountOf(
  nav: YamlNav,
  item: unknown,
): { source: string; target: string } | undefined {
  if (nav.isMap(item)) {
    const type = nav.str(item, 'type');
    const source = nav.str(item, 'source');
    const target = nav.str(item, 'target');
    if ((type !== 'bind' && type !== 'volume') || !source || !target)
      return undefined;
    return target.startsWith('/') ? { source, target } : undefined;
  }
  const parts = (nav.str(item) ?? '').split(':');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [source, target] = parts;
  return source && target.startsWith('/') ? { source, target } : undefined;
}

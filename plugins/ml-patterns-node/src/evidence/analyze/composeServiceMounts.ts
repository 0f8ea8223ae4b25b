import { dirName, joinPath } from './paths';
import { ParsedYaml, YamlNav } from './yamlDocuments';

/** A volume of a compose service: what is mounted where, and the line that says so. */
export interface ComposeMount {
  /** As written: a host path or a named volume. */
  source: string;
  target: string;
  line: number;
  /** For a bind mount of a folder of the repository: that folder (repository path). */
  hostFolder?: string;
}

/** A compose service, its paths resolved against the repository. */
export interface ComposeServiceMounts {
  name: string;
  /** The folder its image is built from (repository path), when it builds one. */
  buildContext?: string;
  /** The Dockerfile of that build (repository path). */
  dockerfile?: string;
  /** The line a process its own command starts is told at (its `image:`, else its key). */
  commandLine: number;
  mounts: ComposeMount[];
}

/**
 * The services of a compose file with their build contexts and volumes,
 * paths resolved from the compose file's folder (`composePath`, a
 * repository path) the way Compose resolves them; anonymous volumes and
 * relative targets are left out.
 */
export function composeServiceMounts(
  composePath: string,
  parsed: ParsedYaml,
): ComposeServiceMounts[] {
  const first = parsed.documents[0];
  if (!first) return [];
  const nav = new YamlNav(first.doc);
  const folder = dirName(composePath);
  const services: ComposeServiceMounts[] = [];
  for (const [name, service, keyNode] of nav.entries(first.root, 'services')) {
    const build = nav.get(service, 'build');
    const context = nav.isMap(build)
      ? nav.str(build, 'context') ?? '.'
      : nav.str(build);
    const local =
      context !== undefined && !/^[a-z]+:\/\//i.test(context)
        ? joinPath(folder, context)
        : undefined;
    const mounts: ComposeMount[] = [];
    for (const item of nav.items(nav.get(service, 'volumes'))) {
      const mount = mountOf(nav, item);
      if (!mount) continue;
      const hostFolder = /^\.{1,2}(?:\/|$)/.test(mount.source)
        ? joinPath(folder, mount.source)
        : undefined;
      mounts.push({
        ...mount,
        line: parsed.lineOf(item) ?? 1,
        ...(hostFolder !== undefined && { hostFolder }),
      });
    }
    const dockerfile =
      local === undefined
        ? undefined
        : joinPath(
            local,
            (nav.isMap(build) && nav.str(build, 'dockerfile')) || 'Dockerfile',
          );
    services.push({
      name,
      commandLine:
        parsed.lineOf(nav.get(service, 'image')) ?? parsed.lineOf(keyNode) ?? 1,
      ...(local !== undefined && { buildContext: local }),
      ...(dockerfile !== undefined && { dockerfile }),
      mounts,
    });
  }
  return services;
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

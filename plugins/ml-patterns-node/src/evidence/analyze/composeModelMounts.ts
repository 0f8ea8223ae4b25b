import { composeFilledVolumes } from './composeFilledVolumes';
import { modelFolderMount, ModelMountRun } from './packaging/mountedModelRuns';
import { imageRef } from './packaging/dockerCommands';
import { ParsedYaml, YamlNav } from './yamlDocuments';

/**
 * Compose services of a stock model-server image (no build) with a host
 * folder bind-mounted where the server reads its models: the models reach
 * the server when the container starts (Model-load), as with the same
 * `docker run -v` in a script.
 */
export function composeModelMounts(
  path: string,
  parsed: ParsedYaml,
): ModelMountRun[] {
  const found: ModelMountRun[] = [];
  const first = parsed.documents[0];
  if (!first) return found;
  const nav = new YamlNav(first.doc);
  for (const [name, service] of nav.entries(first.root, 'services')) {
    if (nav.get(service, 'build') !== undefined) continue;
    const image = imageRef(nav.str(service, 'image') ?? '');
    if (!image) continue;
    const items = nav.items(nav.get(service, 'volumes'));
    const volumes = items.map(item => volumeText(nav, item));
    const words = ['entrypoint', 'command'].flatMap(key => {
      const value = nav.get(service, key);
      const parts = nav.strings(value);
      return parts.length === 1 ? parts[0].split(/\s+/) : parts;
    });
    const mount = modelFolderMount(image.name, words, volumes);
    if (!mount) continue;
    found.push({
      path,
      line: parsed.lineOf(items[mount.index]) ?? 1,
      description: `compose service ${name} of the ${mount.server} image ${image.name} mounts ${mount.host} at ${mount.target}, where the server reads its models (${mount.read}): the models are supplied when the container starts`,
    });
  }
  found.push(...composeFilledVolumes(path, parsed));
  return found;
}

/** A volume in `host:target` form, from the short or the long syntax. */
function volumeText(nav: YamlNav, item: unknown): string {
  if (!nav.isMap(item)) return nav.str(item) ?? '';
  if (nav.str(item, 'type') !== 'bind') return '';
  return `${nav.str(item, 'source') ?? ''}:${nav.str(item, 'target') ?? ''}`;
}

import { modelPathArguments } from './context/serverArguments';
import { modelServerOfImage } from './docker/modelServerImage';
import type { ModelMountRun } from './packaging/mountedModelRuns';
import { imageRef } from './packaging/dockerCommands';
import { isUnder } from './paths';
import { ParsedYaml, YamlNav } from './yamlDocuments';

/**
 * A compose service of a stock model-server image reading its models from
 * a named volume that a service it depends on fills (a downloader that
 * copies the model out of a registry or an OCI "modelcar" image, then
 * exits): the models reach the server when the stack starts, as with an
 * init container filling an `emptyDir` — they are not in the server's
 * image.
 */

const normalized = (path: string) => path.split('/').filter(Boolean).join('/');

/** The named volume a volume entry mounts and where (`models:/mnt/models:z`, or the long syntax). */
function namedVolume(
  nav: YamlNav,
  item: unknown,
): { volume: string; target: string } | undefined {
  if (nav.isMap(item)) {
    const source = nav.str(item, 'source');
    const target = nav.str(item, 'target');
    return nav.str(item, 'type') === 'volume' && source && target
      ? { volume: source, target }
      : undefined;
  }
  const [volume, target] = (nav.str(item) ?? '').split(':');
  // A host path (`./m`, `/data`, `~/m`, `$PWD/m`) is a bind mount, not a named volume.
  if (!volume || !target?.startsWith('/') || /^[./~$]/.test(volume))
    return undefined;
  return { volume, target };
}

function commandText(nav: YamlNav, service: unknown): string {
  return ['entrypoint', 'command']
    .flatMap(key => nav.strings(service, key))
    .join(' ');
}

/** The services a service waits for (`depends_on` as a list or a map). */
function dependencies(nav: YamlNav, service: unknown): string[] {
  const listed = nav.strings(service, 'depends_on');
  return listed.length > 0
    ? listed
    : nav.entries(service, 'depends_on').map(([name]) => name);
}

export function composeFilledVolumes(
  path: string,
  parsed: ParsedYaml,
): ModelMountRun[] {
  const found: ModelMountRun[] = [];
  const first = parsed.documents[0];
  if (!first) return found;
  const nav = new YamlNav(first.doc);
  const services = new Map(
    nav.entries(first.root, 'services').map(([name, node]) => [name, node]),
  );
  for (const [name, service] of services) {
    if (nav.get(service, 'build') !== undefined) continue;
    const image = nav.str(service, 'image') ?? '';
    const server = modelServerOfImage(imageRef(image)?.name);
    if (!server) continue;
    const given = modelPathArguments(commandText(nav, service));
    const folders =
      given.length > 0
        ? given
        : server.modelPaths.map(p => ({ given: p, value: p }));
    for (const item of nav.items(service, 'volumes')) {
      const mount = namedVolume(nav, item);
      if (!mount || normalized(mount.target) === '') continue;
      const read = folders.find(f =>
        isUnder(normalized(f.value), normalized(mount.target)),
      );
      if (!read) continue;
      const filler = dependencies(nav, service).find(other => {
        const node = services.get(other);
        if (node === undefined || nav.str(node, 'image') === image)
          return false;
        return nav
          .items(node, 'volumes')
          .some(v => namedVolume(nav, v)?.volume === mount.volume);
      });
      if (!filler) continue;
      found.push({
        path,
        line: parsed.lineOf(item) ?? 1,
        description: `compose service ${name} of the ${server.server} image ${image} reads its models (${read.given}) from the named volume ${mount.volume} at ${mount.target}, which service ${filler} it depends on fills when the stack starts: the models are not in the server's image`,
      });
      break;
    }
  }
  return found;
}

import { readOptions } from './commandOptions';

/**
 * Images made from a running container (`docker cp MODEL box:/models/m`,
 * then `docker commit box acme/server`): what was copied into the container
 * before it was committed goes into the image, as a Dockerfile's COPY would.
 */

/** `docker cp SOURCE CONTAINER:TARGET`: a copy into a container. */
export interface ContainerCopy {
  container: string;
  source: string;
  target: string;
  line: number;
}

/** `docker commit` options that take a value. */
const COMMIT_VALUED = new Set([
  '-a',
  '--author',
  '-c',
  '--change',
  '-m',
  '--message',
]);

/** A container name: what `docker run --name` accepts. */
const CONTAINER_NAME = /^[A-Za-z0-9][\w.-]*$/;

/** Reads `docker cp` arguments (after `cp`); undefined unless it copies into a container. */
export function containerCopy(
  args: string[],
  line: number,
  expand: (word: string) => string | undefined,
): ContainerCopy | undefined {
  // `docker cp` options (-a, -L, -q) take no value.
  const [source, destination] = readOptions(args, new Set()).positional;
  if (source === undefined || destination === undefined) return undefined;
  const target = expand(destination) ?? destination;
  const colon = target.indexOf(':');
  const container = target.slice(0, Math.max(colon, 0));
  if (!CONTAINER_NAME.test(container)) return undefined;
  return {
    container,
    source: expand(source) ?? source,
    target: target.slice(colon + 1),
    line,
  };
}

/** Reads `docker commit` arguments (after `commit`): the container and the image it makes. */
export function containerCommit(
  args: string[],
  expand: (word: string) => string | undefined,
): { container: string; image?: string } | undefined {
  const [container, image] = readOptions(args, COMMIT_VALUED).positional;
  if (container === undefined) return undefined;
  const name = expand(container) ?? container;
  if (!CONTAINER_NAME.test(name)) return undefined;
  return { container: name, image };
}

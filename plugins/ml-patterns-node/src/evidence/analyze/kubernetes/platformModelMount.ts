/**
 * Where KServe's and Seldon Core's storage initializer puts the model that
 * a deployment's `storageUri`/`modelUri` names, before the server starts:
 * a server reading from there gets its model at start, not from its image.
 */
const PLATFORM_MODEL_MOUNT = /^\/mnt\/models(?:\/|$)/;

/** Whether a path is in the folder the platform's storage initializer fills at start-up. */
export function isPlatformModelMount(path: string): boolean {
  return PLATFORM_MODEL_MOUNT.test(path);
}

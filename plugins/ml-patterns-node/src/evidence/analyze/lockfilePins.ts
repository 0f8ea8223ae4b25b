import { Minimatch } from 'minimatch';
import { parse as parseToml } from 'smol-toml';
import {
  DependencyManifestFacts,
  DockerfileFacts,
  LockfileFacts,
} from '../types';
import { isDockerfile } from './fileKinds';
import { dirName, isUnder } from './paths';

/**
 * Which dependency manifests a lockfile pins. A lockfile belongs to one
 * project: the folder it lies in. It pins the manifests of that folder
 * (and of a `requirements/` folder right under it), the members of a uv
 * workspace rooted there, and the `pip install` lines of a Dockerfile that
 * installs from it. A root lockfile of a monorepo does not pin the
 * sub-projects next to it, whose images install their own requirements.
 */

const JS_LOCKFILES = new Set<LockfileFacts['kind']>([
  'package-lock',
  'yarn.lock',
  'pnpm-lock',
]);

/** A folder that only holds the requirement files of the project above it. */
const REQUIREMENTS_FOLDER = /^(requirements?|reqs)([._-][\w.-]*)?$/i;

/** uv workspace members (`[tool.uv.workspace] members`, minus `exclude`), as globs. */
export interface UvWorkspace {
  members: string[];
  exclude: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The uv workspace a pyproject.toml declares, if any (invalid TOML: none). */
export function uvWorkspace(text: string): UvWorkspace | undefined {
  let data: any;
  try {
    data = parseToml(text);
  } catch {
    return undefined;
  }
  const workspace = data?.tool?.uv?.workspace;
  if (!workspace || typeof workspace !== 'object') return undefined;
  return {
    members: strings(workspace.members),
    exclude: strings(workspace.exclude),
  };
}

function clean(glob: string): string {
  return glob.replace(/^\.\/+/, '').replace(/(?<!\/)\/+$/, '');
}

function inWorkspace(workspace: UvWorkspace, relativeDir: string): boolean {
  const matches = (globs: string[]) =>
    globs.some(glob =>
      new Minimatch(clean(glob), { dot: true }).match(relativeDir),
    );
  return matches(workspace.members) && !matches(workspace.exclude);
}

function relativeTo(folder: string, path: string): string {
  return folder === '' ? path : path.slice(folder.length + 1);
}

/**
 * Sets `pins` on every Python (and `other`) lockfile: the paths of the
 * manifests it pins. JavaScript lockfiles keep no list (they pin their
 * ecosystem, which has no requirement lines here). Paths must share one
 * coordinate system rooted at or above every file (no `..`).
 */
export function assignLockfilePins(
  lockfiles: LockfileFacts[],
  manifests: DependencyManifestFacts[],
  dockerfiles: DockerfileFacts[],
  workspaceAt: (folder: string) => UvWorkspace | undefined,
): void {
  for (const lockfile of lockfiles) {
    if (JS_LOCKFILES.has(lockfile.kind)) continue;
    const folder = dirName(lockfile.path);
    const workspace =
      lockfile.kind === 'uv.lock' ? workspaceAt(folder) : undefined;
    const pins = new Set<string>();
    for (const manifest of manifests) {
      // Installed when a pipeline step runs: never from a lockfile.
      if (
        manifest.kind === 'package-json' ||
        manifest.kind === 'pipeline-component'
      )
        continue;
      if (isDockerfile(manifest.path)) {
        // `RUN pip install …` lines: pinned only in an image built from this lockfile.
        const dockerfile = dockerfiles.find(d => d.path === manifest.path);
        if (dockerfile?.installsManifests.some(i => i.path === lockfile.path))
          pins.add(manifest.path);
        continue;
      }
      const manifestDir = dirName(manifest.path);
      if (manifest.path === lockfile.path || manifestDir === folder) {
        pins.add(manifest.path);
        continue;
      }
      if (!isUnder(manifestDir, folder)) continue;
      const relativeDir = relativeTo(folder, manifestDir);
      if (
        (!relativeDir.includes('/') && REQUIREMENTS_FOLDER.test(relativeDir)) ||
        (workspace && inWorkspace(workspace, relativeDir))
      ) {
        pins.add(manifest.path);
      }
    }
    lockfile.pins = [...pins];
  }
}

import {
  DependencyManifestFacts,
  DockerfileFacts,
  LockfileFacts,
} from '../../types';
import { baseName, dirName } from '../paths';

/**
 * What a dependency manifest is for, read once every manifest and
 * Dockerfile is known:
 *
 * - Development manifests (`requirements-dev.txt`, `requirements/test.txt`,
 *   `tests/requirements.txt`, `environment-lint.yml`) hold tools for
 *   developers and CI — unless an image installs them, which makes them
 *   part of a runtime.
 * - A complete freeze (`pip freeze` / `pip-compile` output without its
 *   header: every requirement `==`, many of them) that an image installs,
 *   or that is named as one, is the project's lock.
 */

/** Name words of development requirement files. */
const DEVELOPMENT_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'test',
  'tests',
  'testing',
  'lint',
  'linting',
  'linter',
  'docs',
  'doc',
  'ci',
  'style',
  'typing',
  'mypy',
  'format',
  'fmt',
  'qa',
  'check',
  'checks',
  'coverage',
  'e2e',
  'precommit',
  'pre-commit',
  'benchmark',
  'benchmarks',
  'bench',
]);

const DEVELOPMENT_FOLDERS = /^(tests?|testing|ci|lint)$/i;

/** Fewest `==` lines for a requirements file to be a complete freeze. */
const MIN_FREEZE_REQUIREMENTS = 15;

const FREEZE_NAME = /lock|freeze|frozen|pinned/i;

function nameWords(path: string): string[] {
  const name = baseName(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).split(/[-_.]+/);
}

export function isDevelopmentManifestPath(path: string): boolean {
  if (nameWords(path).some(word => DEVELOPMENT_WORDS.has(word))) return true;
  return dirName(path)
    .split('/')
    .some(folder => DEVELOPMENT_FOLDERS.test(folder));
}

function installedPaths(dockerfiles: DockerfileFacts[]): Set<string> {
  const paths = new Set<string>();
  for (const dockerfile of dockerfiles) {
    for (const manifest of dockerfile.installsManifests)
      paths.add(manifest.path);
  }
  return paths;
}

/** Marks development manifests (`purpose: 'development'`) that no image installs. */
export function markDevelopmentManifests(
  manifests: DependencyManifestFacts[],
  dockerfiles: DockerfileFacts[],
): void {
  const installed = installedPaths(dockerfiles);
  for (const manifest of manifests) {
    if (
      manifest.kind !== 'package-json' &&
      isDevelopmentManifestPath(manifest.path) &&
      !installed.has(manifest.path)
    ) {
      manifest.purpose = 'development';
    }
  }
}

/** Complete `==` freezes used as locks, not already listed as lockfiles. */
export function freezeLockfiles(
  manifests: DependencyManifestFacts[],
  dockerfiles: DockerfileFacts[],
  lockfiles: LockfileFacts[],
): LockfileFacts[] {
  const installed = installedPaths(dockerfiles);
  const known = new Set(lockfiles.map(l => l.path));
  const found: LockfileFacts[] = [];
  for (const manifest of manifests) {
    if (
      manifest.kind !== 'requirements' ||
      // Inline `pip install` lines of a Dockerfile are not a file to lock with.
      manifest.line !== undefined ||
      known.has(manifest.path) ||
      manifest.purpose === 'development' ||
      manifest.includes.length > 0 ||
      manifest.requirements.length < MIN_FREEZE_REQUIREMENTS ||
      !manifest.requirements.every(
        r => r.pinned && r.specifier.startsWith('=='),
      )
    ) {
      continue;
    }
    if (
      installed.has(manifest.path) ||
      FREEZE_NAME.test(baseName(manifest.path))
    ) {
      found.push({ path: manifest.path, kind: 'requirements-compiled' });
      known.add(manifest.path);
    }
  }
  return found;
}

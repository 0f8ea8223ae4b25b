import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Entity, parseLocationRef } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  BACKSTAGE_ANNOTATIONS,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import path from 'node:path';
import { errorMessage } from '../../errorMessage';

/**
 * Where an entity's source lies: a URL read through the `UrlReaderService`,
 * or an absolute folder on the local disk. `problem` is set when a source is
 * declared but cannot be used (malformed, or escaping its base); reading it
 * then gives unavailable evidence with that reason.
 *
 * @public
 */
export interface SourceLocation {
  type: 'url' | 'dir';
  target: string;
  problem?: string;
  /**
   * For a `dir` target: the root of the repository it is a folder of, when
   * known (the CLI's scored folder). Without it the reader looks for the
   * nearest `.git` above the folder; `url` targets find their repository
   * root through the SCM integration.
   */
  repositoryRoot?: string;
  /**
   * For a `dir` target located from a local (`file:`) catalog file: that
   * file's folder. The target, and every file read of it after resolving
   * links, must lie in the repository of the catalog file (the nearest
   * folder with `.git` at or above it within the allowed root, else the
   * folder itself): an entity reads its own repository, not a sibling's.
   */
  catalogFolder?: string;
}

function parseRef(value: string): { type: string; target: string } {
  return parseLocationRef(value.trim());
}

/** The entity's managed-by-location, parsed; no `ref` when absent or malformed. */
function managedBy(entity: Entity): {
  raw?: string;
  ref?: { type: string; target: string };
} {
  const raw =
    entity.metadata.annotations?.[BACKSTAGE_ANNOTATIONS.managedByLocation];
  if (!raw) {
    return {};
  }
  try {
    return { raw, ref: parseRef(raw) };
  } catch {
    return { raw };
  }
}

/** The folder of the entity's local (`file:`) catalog file, if it has one. */
function localCatalogFolder(entity: Entity): string | undefined {
  const { ref } = managedBy(entity);
  return ref?.type === 'file'
    ? path.dirname(path.resolve(ref.target))
    : undefined;
}

/**
 * The folder of the catalog file the entity was registered from, as the
 * catalog's AnnotateLocationEntityProcessor derives source-location for
 * `url` locations (`resolveUrl('./', base)`); for `file` locations the
 * catalog sets none, so the catalog file's folder is used.
 */
function managedByFolder(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): SourceLocation | undefined {
  const { raw, ref } = managedBy(entity);
  if (!ref) {
    return undefined;
  }
  if (ref.type === 'url') {
    try {
      return {
        type: 'url',
        target: integrations.resolveUrl({ url: './', base: ref.target }),
      };
    } catch (error) {
      return {
        type: 'url',
        target: ref.target,
        problem: `invalid managed-by-location ${raw}: ${errorMessage(error)}`,
      };
    }
  }
  if (ref.type === 'file') {
    const folder = path.dirname(path.resolve(ref.target));
    return { type: 'dir', target: folder, catalogFolder: folder };
  }
  // bootstrap, generated, provider-specific locations: no folder to read.
  return undefined;
}

/**
 * A `dir:` source-location relative to the catalog file, following the
 * convention Backstage uses for relative `dir:` references (TechDocs'
 * `transformDirLocation`): resolved against the managed-by-location with
 * the SCM integration for `url` locations, and kept inside the catalog
 * file's folder for `file` locations.
 */
function resolveRelativeDir(
  entity: Entity,
  target: string,
  integrations: ScmIntegrationRegistry,
): SourceLocation {
  const { raw, ref: base } = managedBy(entity);
  if (base?.type === 'url') {
    try {
      return {
        type: 'url',
        target: integrations.resolveUrl({ url: target, base: base.target }),
      };
    } catch (error) {
      return {
        type: 'url',
        target,
        problem: `cannot resolve dir:${target} against ${raw}: ${errorMessage(
          error,
        )}`,
      };
    }
  }
  if (base?.type === 'file') {
    const folder = path.dirname(path.resolve(base.target));
    try {
      return {
        type: 'dir',
        target: resolveSafeChildPath(folder, target),
        catalogFolder: folder,
      };
    } catch (error) {
      return {
        type: 'dir',
        target: path.resolve(folder, target),
        catalogFolder: folder,
        problem: `dir:${target} points outside the catalog file's folder`,
      };
    }
  }
  return {
    type: 'dir',
    target,
    problem: `relative source-location dir:${target} needs a url: or file: managed-by-location`,
  };
}

function declaredSource(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): SourceLocation | undefined {
  const raw =
    entity.metadata.annotations?.[BACKSTAGE_ANNOTATIONS.sourceLocation];
  if (!raw) {
    return undefined;
  }
  let ref: { type: string; target: string };
  try {
    ref = parseRef(raw);
  } catch (error) {
    return {
      type: 'url',
      target: raw,
      problem: `invalid ${
        BACKSTAGE_ANNOTATIONS.sourceLocation
      } "${raw}": ${errorMessage(error)}`,
    };
  }
  if (ref.type === 'url') {
    return { type: 'url', target: ref.target };
  }
  if (ref.type === 'dir' || ref.type === 'file') {
    if (!path.isAbsolute(ref.target)) {
      return resolveRelativeDir(entity, ref.target, integrations);
    }
    const target = path.resolve(ref.target);
    // Confined to the catalog file's repository when read: without a local
    // catalog file there is no repository to hold it to.
    const catalogFolder = localCatalogFolder(entity);
    return catalogFolder
      ? { type: 'dir', target, catalogFolder }
      : {
          type: 'dir',
          target,
          problem: `${BACKSTAGE_ANNOTATIONS.sourceLocation} "${raw}": an absolute local folder is read only for an entity registered from a local (file:) catalog file, and only inside that file's repository`,
        };
  }
  return {
    type: 'url',
    target: ref.target,
    problem: `unsupported ${BACKSTAGE_ANNOTATIONS.sourceLocation} type "${ref.type}"`,
  };
}

/** Appends the ml-patterns.io/source-path subfolder, never leaving the base. */
function withSourcePath(
  location: SourceLocation,
  sourcePath: string | undefined,
  integrations: ScmIntegrationRegistry,
): SourceLocation {
  const sub = sourcePath
    ?.trim()
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
  if (!sub || location.problem) {
    return location;
  }
  const problem = `${INPUT_ANNOTATIONS.sourcePath} "${sourcePath}" leaves the source folder`;
  if (sub.split(/[\\/]/).includes('..')) {
    return { ...location, problem };
  }
  if (location.type === 'dir') {
    try {
      return {
        ...location,
        target: resolveSafeChildPath(location.target, sub),
      };
    } catch {
      return { ...location, problem };
    }
  }
  const base = location.target.endsWith('/')
    ? location.target
    : `${location.target}/`;
  try {
    return {
      type: 'url',
      target: integrations.resolveUrl({ url: `./${sub}`, base }),
    };
  } catch (error) {
    return {
      ...location,
      problem: `cannot resolve ${
        INPUT_ANNOTATIONS.sourcePath
      } "${sourcePath}": ${errorMessage(error)}`,
    };
  }
}

/**
 * Where to read an entity's source: `backstage.io/source-location`, else the
 * folder of its managed-by-location, then the `ml-patterns.io/source-path`
 * subfolder. `undefined` when the entity has no source at all.
 *
 * @public
 */
export function locateEntitySource(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): SourceLocation | undefined {
  const location =
    declaredSource(entity, integrations) ??
    managedByFolder(entity, integrations);
  if (!location) {
    return undefined;
  }
  return withSourcePath(
    location,
    entity.metadata.annotations?.[INPUT_ANNOTATIONS.sourcePath],
    integrations,
  );
}

import {
  DependencyManifestFacts,
  ModelIntoImage,
  ModelLoaderFacts,
  SourceLine,
} from '../../types';

/**
 * Trained models shipped as Python packages — a spaCy pipeline pinned in a
 * requirements file (`en_core_web_sm @ https://…/en_core_web_sm-3.7.1-py3-none-any.whl`)
 * — are put into the image by the `pip install` that builds it. Such a
 * package is a model in the image when the code loads it by the package's
 * name (`spacy.load("en_core_web_sm")`); any other requirement is a
 * library. The evidence is the requirement's line.
 */

/** Loaders that take an installed model package's name. */
const PACKAGE_LOADERS = new Set(['spacy.load']);

/** pip treats `-`, `_` and `.` alike and ignores case. */
const packageKey = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '_');

export function installedModelPackages(
  installed: SourceLine[],
  manifests: DependencyManifestFacts[],
  loaders: ModelLoaderFacts[],
): ModelIntoImage[] {
  const loaded = new Set(
    loaders
      .filter(
        l =>
          PACKAGE_LOADERS.has(l.call) &&
          l.target !== undefined &&
          l.inServingCode !== false,
      )
      .map(l => packageKey(l.target!)),
  );
  if (loaded.size === 0) return [];
  const found: ModelIntoImage[] = [];
  for (const manifest of manifests) {
    const installs = installed.some(
      i => i.path === manifest.path && i.line === manifest.line,
    );
    if (!installs) continue;
    for (const requirement of manifest.requirements) {
      if (!loaded.has(packageKey(requirement.name))) continue;
      found.push({
        path: manifest.path,
        line: requirement.line ?? manifest.line,
        via: 'download-in-build',
        source: `pip installs the model package ${requirement.name} while the image is built`,
      });
    }
  }
  return found;
}

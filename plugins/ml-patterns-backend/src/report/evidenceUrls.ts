import { Entity } from '@backstage/catalog-model';
import {
  replaceGitLabUrlType,
  replaceGithubUrlType,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  BACKSTAGE_ANNOTATIONS,
  EntityReport,
  EvidenceItem,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';

function asFolder(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The browser URL of the scored folder, when it lives in an SCM the
 * integrations know. Prefers the location the evidence was actually read
 * from; falls back to the entity's source location (+ source path).
 */
export function evidenceBaseUrl(
  entity: Entity,
  report: EntityReport,
  integrations: ScmIntegrationRegistry,
): string | undefined {
  let base: string | undefined;
  const read = report.evidenceSource.location;
  if (read?.startsWith('url:')) {
    base = asFolder(read.slice('url:'.length));
  } else {
    const annotations = entity.metadata.annotations ?? {};
    const source = annotations[BACKSTAGE_ANNOTATIONS.sourceLocation];
    if (source?.startsWith('url:')) {
      base = asFolder(source.slice('url:'.length));
      const sourcePath = annotations[INPUT_ANNOTATIONS.sourcePath]
        ?.trim()
        .replace(/^\.?\/+/, '');
      if (sourcePath) {
        base = integrations.resolveUrl({ url: asFolder(sourcePath), base });
      }
    }
  }
  if (!base) {
    return undefined;
  }
  // resolveUrl needs an absolute URL; anything else is not an SCM we know.
  if (!URL.canParse(base)) {
    return undefined;
  }
  return integrations.byUrl(base) ? base : undefined;
}

/**
 * Adds a browser `url` to every evidence item that points at a file, down to
 * the line when one is known (e.g. `…/blob/main/svc/Dockerfile#L12` on GitHub).
 */
export function withEvidenceUrl(
  item: EvidenceItem,
  base: string | undefined,
  integrations: ScmIntegrationRegistry,
): EvidenceItem {
  if (!base || !item.path || item.url) {
    return item;
  }
  try {
    const url = integrations.resolveUrl({
      url: item.path,
      base,
      lineNumber: item.line,
    });
    return { ...item, url: asFileUrl(url, integrations) };
  } catch {
    // A path the SCM cannot express as a URL keeps its path and line.
    return item;
  }
}

/**
 * GitHub's and GitLab's resolvers keep the folder's `tree` URL type; a file
 * with a line anchor is shown by the `blob` view.
 */
function asFileUrl(url: string, integrations: ScmIntegrationRegistry): string {
  const type = integrations.byUrl(url)?.type;
  if (type === 'github') {
    return replaceGithubUrlType(url, 'blob');
  }
  if (type === 'gitlab') {
    return replaceGitLabUrlType(url, 'blob');
  }
  return url;
}

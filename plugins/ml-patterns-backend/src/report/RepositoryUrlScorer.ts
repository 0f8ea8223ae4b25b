import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { EntityReport } from '@ml-patterns/plugin-ml-patterns-common';
import {
  EngineOptions,
  evaluateEntity,
  MlPatternsRule,
  readMlPatternsConfig,
  RepositoryEvidenceReader,
  unavailableEvidence,
} from '@ml-patterns/plugin-ml-patterns-node';
import {
  standInFor,
  standInName,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';

/** The roles a repository outside the catalog can be scored in. */
export const REPOSITORY_ROLES = ['repository', 'serving-unit'] as const;

/** @see REPOSITORY_ROLES */
export type RepositoryRole = (typeof REPOSITORY_ROLES)[number];

/** Path segments where a repository's web address turns to a ref or folder. */
const REF_MARKERS = new Set(['tree', 'blob', 'src', '-']);

/** A path segment without its percent-encoding, kept as it is when malformed. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function pathSegments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

/**
 * Whether the address names a branch or commit (`/tree/main`, `/-/tree/v2`,
 * `/src/main`, Azure's `version=`): only then do paths and lines of the
 * repository have browser URLs.
 */
export function namesRef(url: URL): boolean {
  return (
    pathSegments(url).some(segment => REF_MARKERS.has(segment)) ||
    url.searchParams.has('version')
  );
}

/**
 * A valid entity name for the repository: the last segment before the
 * ref or folder part of its address (GitHub `/tree/`, GitLab `/-/tree/`,
 * Bitbucket `/src/`), e.g. `recsys` for
 * `https://github.com/acme/recsys/tree/main/serving`.
 */
export function repositoryNameOf(url: URL): string {
  const segments = pathSegments(url);
  const marker = segments.findIndex(segment => REF_MARKERS.has(segment));
  const base = marker >= 0 ? segments.slice(0, marker) : segments;
  const last = decoded(base[base.length - 1] ?? '');
  return standInName(last.replace(/\.git$/, ''));
}

/**
 * Scores a repository that is not in the catalog, from its web address:
 * reads it through the SCM integrations (as the catalog processor reads
 * registered ones) and runs the rules in force on an entity standing for
 * it, with no related entities. Like the command line scoring a folder.
 */
export class RepositoryUrlScorer {
  static fromConfig(options: {
    config: Config;
    urlReader: UrlReaderService;
    logger: LoggerService;
    /** The rules in force: the built-in ones and those of extensions. */
    rules: MlPatternsRule[];
  }): RepositoryUrlScorer {
    const { config, rules } = options;
    return new RepositoryUrlScorer({
      reader: RepositoryEvidenceReader.fromConfig(config, {
        reader: options.urlReader,
        logger: options.logger,
      }),
      integrations: ScmIntegrations.fromConfig(config),
      rules,
      engine: readMlPatternsConfig(config, {
        ruleIds: rules.map(rule => rule.id),
      }).engine,
    });
  }

  constructor(
    private readonly options: {
      reader: RepositoryEvidenceReader;
      integrations: ScmIntegrationRegistry;
      rules: MlPatternsRule[];
      engine: EngineOptions;
    },
  ) {}

  /**
   * The repository's address, checked: a web address that one of the
   * configured integrations covers. Reads nothing.
   */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new InputError(
        `'${raw}' is not a URL: give the repository's web address, e.g. https://github.com/acme/recsys`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new InputError(
        `'${raw}' is not a web address: only http and https repositories can be read`,
      );
    }
    if (!this.options.integrations.byUrl(url)) {
      throw new InputError(
        `No integration covers ${url.host}: ml-patterns reads repositories through the SCM integrations configured under 'integrations' in app-config`,
      );
    }
    return url;
  }

  /**
   * Reads and scores the repository at `url` (checked with `checkUrl`). Its
   * role is the one given, else `serving-unit` when it deploys or serves a
   * model and `repository` otherwise.
   */
  async score(request: {
    url: URL;
    role?: RepositoryRole;
    owner?: string;
  }): Promise<{ entity: Entity; report: EntityReport }> {
    const target = request.url.toString();
    const read = await this.options.reader.read({ type: 'url', target });
    // No ETag was sent, so "not modified" cannot be the answer.
    const evidence = read.notModified
      ? unavailableEvidence('unexpected not-modified answer', `url:${target}`)
      : read.evidence;
    // The repository is not in the catalog, so nothing says who owns it.
    const { entity, role, related, rules } = standInFor({
      name: repositoryNameOf(request.url),
      sourceLocation: `url:${target}`,
      evidence,
      role: request.role,
      owner: request.owner?.trim(),
      rules: this.options.rules,
      noOwnerMessage:
        'The repository is not in the catalog, so no owner is known; name the owner to check it.',
    });
    const report = evaluateEntity(
      { entity, role, related, evidence },
      rules,
      this.options.engine,
    );
    return { entity, report };
  }
}

import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { NO_GROUP, normalizeRef } from '../../service/refs';
import { toStampedEntity } from '../stampedEntity';
import { entitySearchRows } from './entitySearchRows';
import { StampedEntry, StampTable, SystemEntry } from './StampTable';

/** What identifies an entity and its version: enough to see what changed. */
const VERSION_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

/** Everything the table keeps of a changed entity. */
const FULL_FIELDS = ['kind', 'metadata', 'spec', 'relations'];

/** Entities per catalog read of changed entities (and per write). */
const REFS_PER_READ = 200;

/** What a refresh did. */
export interface StampTableRefresh {
  /** Stamped entities in the catalog now. */
  stamped: number;
  /** Stamped entities and systems written (new or changed since). */
  written: number;
  /** Stamped entities and systems removed. */
  removed: number;
}

function refOf(entity: Entity): string {
  // Kinds, namespaces and names are ASCII (catalog validation).
  return `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLowerCase();
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/** Refs whose catalog version differs from the table's (or is unknown). */
function changedRefs(
  now: Map<string, string>,
  known: Map<string, string>,
): string[] {
  return [...now]
    .filter(([ref, etag]) => !etag || known.get(ref) !== etag)
    .map(([ref]) => ref);
}

async function readFull(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Array<Entity | undefined>> {
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs, fields: FULL_FIELDS },
    { credentials },
  );
  return items.map(item => item ?? undefined);
}

/**
 * Brings the stamp table up to what the catalog holds now, reading as
 * little as it can: the version (etag) of every stamped entity, then in
 * full only the entities that are new or changed since the table's rows,
 * and the same for the systems they are in. Read with the plugin's own
 * credentials, so every entity; who may count what is decided per request.
 */
export async function refreshStampTable(options: {
  catalog: CatalogService;
  auth: AuthService;
  table: StampTable;
  now?: () => number;
}): Promise<StampTableRefresh> {
  const { catalog, table } = options;
  const startedAt = (options.now ?? Date.now)();
  const credentials = await options.auth.getOwnServiceCredentials();

  const versions = new Map<string, string>();
  for await (const page of catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${OUTPUT_ANNOTATIONS.role}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: VERSION_FIELDS,
      pageSize: 1000,
    },
    { credentials },
  )) {
    for (const entity of page) {
      versions.set(refOf(entity), entity.metadata.etag ?? '');
    }
  }
  const known = await table.etags('stamped');
  const gone = [...known.keys()].filter(ref => !versions.has(ref));
  let written = 0;
  for (const refs of chunk(changedRefs(versions, known), REFS_PER_READ)) {
    const entities = await readFull(catalog, refs, credentials);
    const entries: StampedEntry[] = [];
    entities.forEach((entity, index) => {
      // Deleted, or no longer stamped, since the versions were read.
      if (!entity?.metadata.annotations?.[OUTPUT_ANNOTATIONS.role]) {
        gone.push(refs[index]);
        return;
      }
      entries.push({
        entity: toStampedEntity(entity),
        etag: entity.metadata.etag ?? '',
        facts: entitySearchRows(entity),
      });
    });
    await table.writeStamped(entries);
    written += entries.length;
  }
  await table.remove('stamped', gone);

  const systems = await refreshSystems(catalog, table, credentials);
  await table.markRefreshed(startedAt);
  return {
    stamped: versions.size,
    written: written + systems.written,
    removed: gone.length + systems.removed,
  };
}

/** The systems the stamped entities are in: their domains and fields. */
async function refreshSystems(
  catalog: CatalogService,
  table: StampTable,
  credentials: BackstageCredentials,
): Promise<{ written: number; removed: number }> {
  const versions = new Map<string, string>();
  for (const refs of chunk(await table.systemRefs(), REFS_PER_READ * 5)) {
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: VERSION_FIELDS },
      { credentials },
    );
    items.forEach((system, index) => {
      if (system) {
        versions.set(refs[index], system.metadata.etag ?? '');
      }
    });
  }
  const known = await table.etags('systems');
  const gone = [...known.keys()].filter(ref => !versions.has(ref));
  let written = 0;
  for (const refs of chunk(changedRefs(versions, known), REFS_PER_READ)) {
    const systems = await readFull(catalog, refs, credentials);
    const entries: SystemEntry[] = [];
    systems.forEach((system, index) => {
      if (!system) {
        gone.push(refs[index]);
        return;
      }
      const domain = normalizeRef(
        (system.spec as { domain?: unknown } | undefined)?.domain,
        'domain',
        system.metadata.namespace ?? 'default',
      );
      entries.push({
        entityRef: refs[index],
        etag: system.metadata.etag ?? '',
        kind: system.kind,
        domainRef: domain ?? NO_GROUP,
        facts: entitySearchRows(system),
      });
    });
    await table.writeSystems(entries);
    written += entries.length;
  }
  await table.remove('systems', gone);
  return { written, removed: gone.length };
}

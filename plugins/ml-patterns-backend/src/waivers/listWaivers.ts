import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  INPUT_ANNOTATIONS,
  WAIVER_STATES,
  WaiverListItem,
  WaiversResponse,
  WaiverState,
} from '@ml-patterns/plugin-ml-patterns-common';
import { readWaivers } from '@ml-patterns/plugin-ml-patterns-node';
import { NO_GROUP, normalizeRef } from '../service/refs';

const WAIVERS_FIELD = `metadata.annotations.${INPUT_ANNOTATIONS.waivers}`;
/** Only what the list shows: the waivers, and whose they are. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  WAIVERS_FIELD,
  'spec.owner',
];
const PAGE_SIZE = 500;

function compare(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  // Without a date (invalid ones) last.
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** Soonest end first: the audit's next renewals at the top. */
function byUntil(a: WaiverListItem, b: WaiverListItem): number {
  return (
    compare(a.until, b.until) ||
    compare(a.entityRef, b.entityRef) ||
    compare(a.ruleId ?? '', b.ruleId ?? '')
  );
}

function parseOwner(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  const ref = normalizeRef(owner, 'group', 'default');
  if (!ref) {
    throw new InputError(
      `Malformed owner '${owner}': expected a ref such as 'group:default/my-team' or a group name`,
    );
  }
  return ref;
}

function listItems(
  entity: Entity,
  ruleIds: ReadonlySet<string>,
  now: Date,
): WaiverListItem[] {
  const namespace = entity.metadata.namespace ?? 'default';
  const ownerRef =
    normalizeRef(entity.spec?.owner, 'group', namespace) ?? NO_GROUP;
  const entityRef = stringifyEntityRef(entity);
  const entityTitle = entity.metadata.title;
  return readWaivers(entity, { ruleIds, now }).map(waiver => ({
    entityRef,
    ...(entityTitle ? { entityTitle } : {}),
    ownerRef,
    ...waiver,
  }));
}

/**
 * The audit list of waivers: every waiver the entities the caller may read
 * declare (the catalog is asked with their credentials), read as the
 * engine reads them at `now`, with the counts per state before the state
 * filter.
 */
export async function listWaivers(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  /** Ids of the rules there are: a waiver of any other is invalid. */
  ruleIds: ReadonlySet<string>;
  now: Date;
  state?: WaiverState;
  /** A group or user ref, or a group name in the default namespace. */
  owner?: string;
}): Promise<WaiversResponse> {
  const ownerRef = parseOwner(options.owner);
  const all: WaiverListItem[] = [];
  for await (const page of options.catalog.streamEntities(
    {
      filter: { [WAIVERS_FIELD]: CATALOG_FILTER_EXISTS },
      fields: FIELDS,
      pageSize: PAGE_SIZE,
    },
    { credentials: options.credentials },
  )) {
    for (const entity of page) {
      for (const item of listItems(entity, options.ruleIds, options.now)) {
        if (!ownerRef || item.ownerRef === ownerRef) all.push(item);
      }
    }
  }
  const counts = Object.fromEntries(
    WAIVER_STATES.map(state => [state, 0]),
  ) as Record<WaiverState, number>;
  for (const item of all) counts[item.state] += 1;
  return {
    waivers: all
      .filter(item => !options.state || item.state === options.state)
      .sort(byUntil),
    counts,
  };
}

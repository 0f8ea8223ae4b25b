import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  BACKSTAGE_ANNOTATIONS,
  EntityRole,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { RelatedFacts } from '@ml-patterns/plugin-ml-patterns-node';
import { noRelatedFacts } from '@ml-patterns/plugin-ml-patterns-node/alpha';

function refOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

/** The entity's `spec.dependsOn` targets as full, lower-case refs. */
export function dependsOnRefs(entity: Entity): string[] {
  const raw = (entity.spec as { dependsOn?: unknown } | undefined)?.dependsOn;
  if (!Array.isArray(raw)) {
    return [];
  }
  const refs: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string') {
      continue;
    }
    try {
      refs.push(
        stringifyEntityRef(
          parseEntityRef(item, {
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ).toLocaleLowerCase('en-US'),
      );
    } catch {
      // A ref without a kind cannot be matched to anything; ignore it.
    }
  }
  return refs;
}

function serverGroupsOf(
  entity: Entity,
): Array<{ group: string; field: string }> {
  const annotations = entity.metadata.annotations ?? {};
  const groups: Array<{ group: string; field: string }> = [];
  const kubernetesId = annotations[BACKSTAGE_ANNOTATIONS.kubernetesId];
  if (kubernetesId) {
    groups.push({
      group: kubernetesId,
      field: `metadata.annotations.${BACKSTAGE_ANNOTATIONS.kubernetesId}`,
    });
  }
  const declared = annotations[INPUT_ANNOTATIONS.serverGroup];
  if (declared) {
    groups.push({
      group: declared,
      field: `metadata.annotations.${INPUT_ANNOTATIONS.serverGroup}`,
    });
  }
  return groups;
}

/**
 * The cross-entity facts the catalog processor would get from the catalog,
 * taken from the other documents of the CLI's descriptor file. When the
 * scored entity depends on entities the file does not describe, their role
 * cannot be told and the facts are `unavailable` (cross-entity checks
 * become unknown rather than silently passing).
 */
export function relatedFactsFromDocuments(
  scored: Entity,
  documents: Entity[],
  roleOf: (entity: Entity) => EntityRole | undefined,
  sourceName: string,
): RelatedFacts {
  const scoredRef = refOf(scored);
  const byRef = new Map(documents.map(doc => [refOf(doc), doc]));
  const facts = noRelatedFacts();

  const missing: string[] = [];
  for (const ref of dependsOnRefs(scored)) {
    const target = byRef.get(ref);
    if (!target) {
      missing.push(ref);
      continue;
    }
    const role = roleOf(target);
    if (role === 'model') {
      facts.servedModels.push({
        entityRef: ref,
        requiredLibraries:
          target.metadata.annotations?.[INPUT_ANNOTATIONS.requiredLibraries],
      });
    } else if (role === 'dataset') {
      facts.datasets.push(ref);
    } else if (role === 'repository') {
      facts.codeEntities.push(ref);
    }
  }

  const modelCount = (entity: Entity) =>
    dependsOnRefs(entity).filter(ref => {
      const target = byRef.get(ref);
      return target !== undefined && roleOf(target) === 'model';
    }).length;
  const scoredGroups = serverGroupsOf(scored);
  for (const doc of documents) {
    const ref = refOf(doc);
    if (ref === scoredRef || roleOf(doc) !== 'serving-unit') {
      continue;
    }
    if (dependsOnRefs(doc).includes(scoredRef)) {
      facts.servingUnits.push({ entityRef: ref, modelCount: modelCount(doc) });
    }
    for (const mine of scoredGroups) {
      const shared = serverGroupsOf(doc).find(
        theirs => theirs.group === mine.group,
      );
      if (shared) {
        facts.serverGroupPeers.push({
          entityRef: ref,
          group: mine.group,
          field: mine.field,
        });
      }
    }
  }

  if (missing.length > 0) {
    facts.status = 'unavailable';
    facts.reason = `${sourceName} does not describe ${missing.join(', ')}`;
  }
  return facts;
}

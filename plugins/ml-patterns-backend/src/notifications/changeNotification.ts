import { parseEntityRef } from '@backstage/catalog-model';
import { AntiPatternId } from '@ml-patterns/plugin-ml-patterns-common';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { EntityDay } from '../history/entityDay';
import { EntityChange } from './entityChange';

/** The notifications' topic, which users can mute in their settings. */
export const NOTIFICATION_TOPIC = 'ml-patterns';

const ANTI_PATTERN_TITLES: Record<AntiPatternId, string> = {
  'all-in-one': 'All-in-one',
  'only-me': 'Only-me',
};

/** The entity page, where the ml-patterns card is. */
export function entityPageLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind, name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}

function listOf(items: string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function scoreOf(entity: EntityDay): string {
  return entity.score === null
    ? `${entity.grade}`
    : `${entity.grade} (${entity.score})`;
}

/**
 * The notification of what got worse for an entity, to the entity's
 * owner: the notifications backend resolves an entity recipient to the
 * users of the group or user that owns it.
 */
export function changeNotification(options: {
  entity: EntityDay;
  previous: { day: string; entity: EntityDay };
  change: EntityChange;
  day: string;
  /** Rule titles by id, for the newly failing rules. */
  ruleTitles?: ReadonlyMap<string, string>;
}): NotificationSendOptions {
  const { entity, previous, change, day } = options;
  const { name } = parseEntityRef(entity.entityRef);
  const detected = change.newAntiPatterns.map(id => ANTI_PATTERN_TITLES[id]);
  const headline: string[] = [];
  const details: string[] = [];
  if (detected.length > 0) {
    headline.push(`${listOf(detected)} detected`);
    details.push(
      `${entity.entityRef} now shows the ${listOf(detected)} anti-pattern${
        detected.length > 1 ? 's' : ''
      }.`,
    );
  }
  if (change.gradeDrop) {
    const { from, to } = change.gradeDrop;
    headline.push(`grade ${from} → ${to}`);
    details.push(
      `Its ml-patterns grade fell from ${scoreOf(previous.entity)} to ${scoreOf(
        entity,
      )}.`,
    );
  }
  const before = new Set(previous.entity.failedChecks);
  const newlyFailing = entity.failedChecks
    .filter(id => !before.has(id))
    .map(id => options.ruleTitles?.get(id) ?? id);
  if (newlyFailing.length > 0) {
    details.push(`Newly failing: ${newlyFailing.join('; ')}.`);
  }
  details.push(`Compared with ${previous.day}; see the remediation checklist.`);
  return {
    recipients: { type: 'entity', entityRef: entity.entityRef },
    payload: {
      title: `${name}: ${headline.join(', ')}`,
      description: details.join(' '),
      link: entityPageLink(entity.entityRef),
      severity: detected.length > 0 ? 'high' : 'normal',
      topic: NOTIFICATION_TOPIC,
      // Sent again the same day, it replaces the first rather than adding one.
      scope: `ml-patterns:${entity.entityRef}:${day}`,
    },
  };
}

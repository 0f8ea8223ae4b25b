import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EntityDay } from '../history/entityDay';
import { HistoryStore } from '../history/HistoryStore';
import { NO_GROUP } from '../service/refs';
import { changeNotification } from './changeNotification';
import { entityChange } from './entityChange';

/**
 * Tells an entity's owner when it newly shows an anti-pattern or its grade
 * drops by `gradeDropSteps` or more, compared with the entity's previous
 * history row: nothing on an entity's first scoring, and at most one
 * notification per entity and UTC day, whichever replica runs the history
 * task and however often.
 */
export class ChangeNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      store: HistoryStore;
      logger: LoggerService;
      gradeDropSteps: number;
      /** Rule titles by id, for the newly failing rules. */
      ruleTitles?: ReadonlyMap<string, string>;
    },
  ) {}

  /** Notifies the changes of `day`'s rows; returns how many were sent. */
  async notifyChanges(day: string, entities: EntityDay[]): Promise<number> {
    const { store, notifications, logger, gradeDropSteps } = this.options;
    const previousRows = await store.latestBefore(
      day,
      entities.map(entity => entity.entityRef),
    );
    let sent = 0;
    for (const entity of entities) {
      const previous = previousRows.get(entity.entityRef);
      const change = entityChange(previous?.entity, entity, gradeDropSteps);
      // An entity without an owner has no one to tell.
      if (!previous || !change || entity.ownerRef === NO_GROUP) {
        continue;
      }
      // Claimed before sending: a failed send is not retried that day,
      // rather than risking a second message.
      if (!(await store.claimNotificationDay(entity.entityRef, day))) {
        continue;
      }
      try {
        await notifications.send(
          changeNotification({
            entity,
            previous,
            change,
            day,
            ruleTitles: this.options.ruleTitles,
          }),
        );
        sent += 1;
      } catch (error) {
        logger.warn(
          `Could not notify the owner of ${
            entity.entityRef
          } of its ml-patterns change: ${stringifyError(error)}`,
        );
      }
    }
    return sent;
  }
}

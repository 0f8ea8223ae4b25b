import { isError, NotFoundError } from '@backstage/errors';
import { utcDayBefore } from '../history/utcDay';
import { parseGroupRef } from '../service/refs';
import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { scorecardRowSchema, scorecardSnapshotSchema } from './schemas';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;

/** A group ref from an assistant: a bare name is a group in the default namespace. */
function fullGroupRef(value: string): string {
  const trimmed = value.trim();
  return trimmed.includes(':') || trimmed.toLowerCase() === 'none'
    ? trimmed
    : `group:${trimmed}`;
}

/**
 * `get-ml-patterns-scorecard`: a team's (or system's, or domain's) row of
 * the scorecards and its daily history, as the scorecards and history
 * endpoints answer them for the caller.
 */
export function registerGetScorecardAction(options: MlPatternsActionsOptions) {
  const { actionsRegistry, scorecards, history } = options;
  const now = options.now ?? (() => new Date());
  actionsRegistry.register({
    name: 'get-ml-patterns-scorecard',
    title: 'Get ML patterns scorecard',
    description: `Gets the ML patterns scorecard of a team (or of a user, system or domain) and its trend: how many of its ML entities are scored, their mean score and coverage, how many have each grade (A-F) and how many show the All-in-one and Only-me anti-patterns, today and for each of the last days.
Counts only the entities the caller may see.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          groupRef: z
            .string()
            .describe(
              "The team, e.g. 'group:default/vision-team' ('vision-team' means a group in the default namespace); or a user, system or domain ref; 'none' for entities without an owner",
            ),
          days: z
            .number()
            .int()
            .min(1)
            .max(MAX_DAYS)
            .default(DEFAULT_DAYS)
            .describe('How many days of history, today included'),
        }),
      output: z =>
        z.object({
          groupRef: z.string(),
          groupBy: z.enum(['owner', 'system', 'domain']),
          scorecard: scorecardRowSchema(z)
            .nullable()
            .describe(
              'Today, or null when no scored entity of the group can be seen now',
            ),
          history: z
            .array(scorecardSnapshotSchema(z))
            .describe('One snapshot per day, oldest first'),
        }),
    },
    action: async ({ input, credentials }) => {
      const group = parseGroupRef(fullGroupRef(input.groupRef));
      const { rows } = await scorecards.scorecards({
        groupBy: group.groupBy,
        credentials,
      });
      const scorecard = rows.find(row => row.groupRef === group.groupRef);
      const snapshots = await history
        .history({
          ...group,
          fromDay: utcDayBefore(now(), input.days - 1),
          credentials,
        })
        .then(
          answer => answer.snapshots,
          error => {
            // Worded for the scorecard asked for, not for its history.
            throw isError(error) && error.name === 'NotFoundError'
              ? new NotFoundError(
                  `No scorecard for '${group.groupRef}': none of its scored entities can be seen`,
                )
              : error;
          },
        );
      return {
        output: {
          ...group,
          scorecard: scorecard ?? null,
          history: snapshots,
        },
      };
    },
  });
}

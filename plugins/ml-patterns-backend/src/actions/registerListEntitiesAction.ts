import {
  ANTI_PATTERN_VERDICTS,
  Grade,
  GRADES,
} from '@ml-patterns/plugin-ml-patterns-common';
import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { listedEntitySchema, values } from './schemas';

/** Entities a list returns unless asked for fewer or more. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * `list-ml-patterns-entities`: the scored entities the caller may see, from
 * the verdicts the catalog processor stamped (no repository read), filtered
 * by owner, system, kind, type, grade, anti-pattern verdict or failed rule.
 */
export function registerListEntitiesAction(options: MlPatternsActionsOptions) {
  const { actionsRegistry, scorecards } = options;
  actionsRegistry.register({
    name: 'list-ml-patterns-entities',
    title: 'List ML patterns entities',
    description: `Lists the ML entities scored for the All-in-one and Only-me anti-patterns, with their latest grade, score, anti-pattern verdicts, release pattern and failed rules, as stamped in the catalog (fast: no repository is read).
Every filter is optional and all given filters must hold: owner, system, kind, type, grades, the All-in-one or Only-me verdict, a failed rule id.
Use get-ml-patterns-report for the full checks and evidence of one entity.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .optional()
            .describe(
              "Owning team or user, e.g. 'group:default/vision-team' ('vision-team' means a group in the default namespace)",
            ),
          system: z
            .string()
            .optional()
            .describe("System, e.g. 'system:default/recsys' or 'recsys'"),
          kind: z
            .string()
            .optional()
            .describe("Entity kind, e.g. 'Component' or 'Resource'"),
          type: z
            .string()
            .optional()
            .describe("spec.type, e.g. 'model-server' or 'ml-model'"),
          grades: z
            .array(z.enum(values<Grade | 'ungraded'>([...GRADES, 'ungraded'])))
            .optional()
            .describe(
              "Keep entities with any of these grades; 'ungraded' for entities without a grade",
            ),
          allInOne: z
            .enum(values(ANTI_PATTERN_VERDICTS))
            .optional()
            .describe('Keep entities with this All-in-one verdict'),
          onlyMe: z
            .enum(values(ANTI_PATTERN_VERDICTS))
            .optional()
            .describe('Keep entities with this Only-me verdict'),
          failingRule: z
            .string()
            .optional()
            .describe(
              "Keep entities failing this rule, e.g. 'only-me/code-review'",
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(MAX_LIMIT)
            .default(DEFAULT_LIMIT)
            .describe('Most entities to return, sorted by entity ref'),
        }),
      output: z =>
        z.object({
          entities: z.array(listedEntitySchema(z)),
          totalCount: z
            .number()
            .describe('Entities matching, before the limit'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { limit, ...filter } = input;
      const listed = await scorecards.list({ ...filter, credentials });
      return {
        output: {
          entities: listed.slice(0, limit),
          totalCount: listed.length,
        },
      };
    },
  });
}

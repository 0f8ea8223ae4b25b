import { NotFoundError } from '@backstage/errors';
import { listRules } from '../service/listRules';
import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { listedEntitySchema, ruleSchema } from './schemas';

/** Failing entities shown as examples of a rule. */
const EXAMPLES = 5;

/**
 * `explain-ml-patterns-rule`: a rule as the rules endpoint lists it (why
 * it matters, how to fix a failure, its weight) and, as examples, the
 * entities the caller may see that fail it now.
 */
export function registerExplainRuleAction(options: MlPatternsActionsOptions) {
  const { actionsRegistry, scorer, scorecards } = options;
  actionsRegistry.register({
    name: 'explain-ml-patterns-rule',
    title: 'Explain an ML patterns rule',
    description: `Explains one rule of the ML patterns checks (All-in-one, Only-me, Model-load): what it checks, why it matters, the steps to fix a failure, its weight in the score and further reading.
Also gives examples: catalog entities that fail the rule now, and how many do.
Rule ids look like 'only-me/code-review'; a report's checks name them.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ruleId: z
            .string()
            .describe("The rule's id, e.g. 'all-in-one/one-model-per-server'"),
        }),
      output: z =>
        z.object({
          rule: ruleSchema(z),
          rulesetVersion: z.string(),
          failing: z.object({
            totalCount: z
              .number()
              .describe(
                'Scored entities the caller may see that fail the rule',
              ),
            examples: z.array(listedEntitySchema(z)),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      const ruleId = input.ruleId.trim();
      const { rules, rulesetVersion } = listRules(scorer);
      const rule = rules.find(r => r.id === ruleId);
      if (!rule) {
        throw new NotFoundError(
          `No ml-patterns rule '${input.ruleId}'; the rules are: ${rules
            .map(r => r.id)
            .join(', ')}`,
        );
      }
      const failing = await scorecards.list({
        failingRule: ruleId,
        credentials,
      });
      return {
        output: {
          rule,
          rulesetVersion,
          failing: {
            totalCount: failing.length,
            examples: failing.slice(0, EXAMPLES),
          },
        },
      };
    },
  });
}

import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { readEntityReport } from '../report/readEntityReport';
import { parseReportRef } from '../service/refs';
import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { reportResponseSchema } from './schemas';

/**
 * A catalog entity ref from an assistant: full, or short for a Component
 * in the default namespace, checked like the report endpoint's path.
 */
function parseRefInput(value: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `Malformed entity ref '${value}': expected e.g. 'component:default/recsys-serving'`,
    );
  }
  return parseReportRef(ref);
}

/**
 * `get-ml-patterns-report`: the report endpoint's answer for one entity,
 * read and scored with the caller's credentials, within their read budget.
 */
export function registerGetReportAction(options: MlPatternsActionsOptions) {
  const { actionsRegistry, catalog, scorer, integrations } = options;
  const now = options.now ?? (() => new Date());
  actionsRegistry.register({
    name: 'get-ml-patterns-report',
    title: 'Get ML patterns report',
    description: `Scores one catalog entity (an ML model, model-serving service or ML repository) for the All-in-one and Only-me ML anti-patterns and its release pattern (Model-load or Model-in-image), reading its repository now.
Returns the score (0-100), grade (A-F), the anti-pattern verdicts and every check with its verdict, evidence (file and line, with links) and the rule's rationale and remediation.
Entities outside the ml-patterns scope, and entities the caller may not see, are not found.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              "The entity, e.g. 'component:default/recsys-serving' or 'resource:default/churn-model'; a bare name means a Component in the default namespace",
            ),
        }),
      output: reportResponseSchema,
    },
    action: async ({ input, credentials }) => {
      const ref = parseRefInput(input.entityRef);
      await options.readBudget?.spend(credentials);
      return {
        output: await readEntityReport({
          ref,
          credentials,
          catalog,
          scorer,
          integrations,
          evaluatedAt: now(),
        }),
      };
    },
  });
}

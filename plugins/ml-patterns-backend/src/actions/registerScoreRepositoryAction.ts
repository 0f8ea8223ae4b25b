import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityReportResponse,
  mlPatternsRepositoryScorePermission,
} from '@ml-patterns/plugin-ml-patterns-common';
import { buildReportResponse } from '../report/buildReportResponse';
import { namesRef, REPOSITORY_ROLES } from '../report/RepositoryUrlScorer';
import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { reportResponseSchema } from './schemas';

/**
 * Without a branch in the address, a file's browser URL is not known (the
 * links would miss the `/blob/<branch>/` part): paths and lines only.
 */
function withoutEvidenceUrls(
  response: EntityReportResponse,
): EntityReportResponse {
  return {
    ...response,
    report: {
      ...response.report,
      checks: response.report.checks.map(check => ({
        ...check,
        evidence: check.evidence.map(({ url: _url, ...item }) => item),
      })),
    },
  };
}

/**
 * `score-ml-patterns-repository`: scores a repository that is not in the
 * catalog yet, from its web address, read through the configured
 * integrations. Needs `ml-patterns.repository.score` and spends the
 * caller's read budget, as a report does.
 */
export function registerScoreRepositoryAction(
  options: MlPatternsActionsOptions,
) {
  const { actionsRegistry, permissions, repositories, integrations } = options;
  const now = options.now ?? (() => new Date());
  actionsRegistry.register({
    name: 'score-ml-patterns-repository',
    title: 'Score a repository for ML patterns',
    description: `Scores a source repository that is not in the software catalog yet for the All-in-one and Only-me ML anti-patterns and its release pattern (Model-load or Model-in-image), from its web address (e.g. https://github.com/acme/recsys or a folder of it: .../tree/main/serving).
The repository is read through the SCM integrations this Backstage instance is configured with; addresses no integration covers are refused.
Returns the same report as get-ml-patterns-report; evidence links to files and lines need the branch in the address (.../tree/main). With nothing in the catalog about the repository, checks that need catalog facts (owner, related entities) are unknown unless an owner is given.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          url: z
            .string()
            .describe(
              'Web address of the repository, or of a folder of it, e.g. https://github.com/acme/recsys/tree/main/serving',
            ),
          role: z
            .enum(REPOSITORY_ROLES)
            .optional()
            .describe(
              "'serving-unit' for code that serves a model, 'repository' for training or pipeline code; found from the files when omitted",
            ),
          owner: z
            .string()
            .optional()
            .describe(
              "The team that would own it, e.g. 'group:default/vision-team'; without it, team ownership is unknown",
            ),
        }),
      output: z =>
        reportResponseSchema(z).extend({
          url: z.string().describe('The address read'),
        }),
    },
    action: async ({ input, credentials }) => {
      const url = repositories.checkUrl(input.url);
      const [decision] = await permissions.authorize(
        [{ permission: mlPatternsRepositoryScorePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Scoring repositories outside the catalog is not allowed for you (permission ${mlPatternsRepositoryScorePermission.name})`,
        );
      }
      await options.readBudget?.spend(credentials);
      const { entity, report } = await repositories.score({
        url,
        role: input.role,
        owner: input.owner,
      });
      const response = buildReportResponse({
        entity,
        report,
        rules: options.scorer.rules(),
        integrations,
        evaluatedAt: now(),
      });
      return {
        output: {
          url: url.toString(),
          ...(namesRef(url) ? response : withoutEvidenceUrls(response)),
        },
      };
    },
  });
}

import { MlPatternsActionsOptions } from './MlPatternsActionsOptions';
import { registerExplainRuleAction } from './registerExplainRuleAction';
import { registerGetReportAction } from './registerGetReportAction';
import { registerGetScorecardAction } from './registerGetScorecardAction';
import { registerListEntitiesAction } from './registerListEntitiesAction';
import { registerScoreRepositoryAction } from './registerScoreRepositoryAction';

/**
 * The actions of the ml-patterns plugin, for assistants and automation
 * (exposed over MCP by `@backstage/plugin-mcp-actions-backend`). Each one
 * answers what the matching REST endpoint answers, with the caller's
 * credentials for every catalog read.
 */
export function registerMlPatternsActions(options: MlPatternsActionsOptions) {
  registerGetReportAction(options);
  registerListEntitiesAction(options);
  registerGetScorecardAction(options);
  registerExplainRuleAction(options);
  registerScoreRepositoryAction(options);
}

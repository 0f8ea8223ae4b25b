import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScorecardHistory } from '../history/ScorecardHistory';
import { RepositoryUrlScorer } from '../report/RepositoryUrlScorer';
import { ReportSource } from '../report/ReportSource';
import { ScorecardService } from '../scorecards/ScorecardService';
import { CallerReadBudget } from '../service/callerRateLimit';

/**
 * What the ml-patterns actions are made of: the services behind the REST
 * API, so an action answers what the matching endpoint answers.
 */
export interface MlPatternsActionsOptions {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  scorer: ReportSource;
  scorecards: ScorecardService;
  history: ScorecardHistory;
  permissions: PermissionsService;
  integrations: ScmIntegrationRegistry;
  repositories: RepositoryUrlScorer;
  /** The reads each caller may make, shared with the REST API; none when off. */
  readBudget?: CallerReadBudget;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

import { MlPatternsRule } from '../types';
import {
  noSharedServerGroupRule,
  oneModelPerServerRule,
  ownDependenciesRule,
} from './allInOne';
import {
  configurableModelRule,
  gatedReadinessRule,
  libraryCompatibilityRule,
} from './modelLoad';
import { automatedChecksRule } from './automatedChecks';
import { modelProvenanceRule } from './modelProvenance';
import {
  codeReviewRule,
  containerEnvironmentRule,
  dataReferenceRule,
  notNotebookOnlyRule,
  pinnedDependenciesRule,
  sourceRepositoryRule,
  teamOwnershipRule,
} from './onlyMe';

/**
 * The built-in rules, in catalog order (`BUILT_IN_RULES`).
 *
 * @public
 */
export const builtInRules: MlPatternsRule[] = [
  oneModelPerServerRule,
  noSharedServerGroupRule,
  ownDependenciesRule,
  sourceRepositoryRule,
  teamOwnershipRule,
  codeReviewRule,
  containerEnvironmentRule,
  pinnedDependenciesRule,
  notNotebookOnlyRule,
  dataReferenceRule,
  automatedChecksRule,
  modelProvenanceRule,
  configurableModelRule,
  gatedReadinessRule,
  libraryCompatibilityRule,
];

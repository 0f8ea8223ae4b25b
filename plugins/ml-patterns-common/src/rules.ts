import { RuleDefinition, RuleReference } from './types';

/** A document of the ML system design patterns, which the rules trace back to. */
function patternDocument(title: string, folder: string): RuleReference {
  return {
    title: `${title} (ML system design patterns)`,
    url: `https://github.com/mercari/ml-system-design-pattern/blob/master/${folder}/design_en.md`,
  };
}

const ALL_IN_ONE = patternDocument(
  'All-in-one anti-pattern',
  'Serving-patterns/Anti-patterns/All-in-one-pattern',
);
const ONLY_ME = patternDocument(
  'Only-me anti-pattern',
  'Operation-patterns/Anti-patterns/Only-me-pattern',
);
const MODEL_LOAD = patternDocument(
  'Model-load pattern',
  'Operation-patterns/Model-load-pattern',
);
const MODEL_IN_IMAGE = patternDocument(
  'Model-in-image pattern',
  'Operation-patterns/Model-in-image-pattern',
);

/**
 * Version of the built-in rule set. Bump it whenever a rule's logic or
 * weight changes, so stamped entities show which rules judged them.
 *
 * @public
 */
export const RULESET_VERSION = '7';

/**
 * Stable ids of the built-in rules.
 *
 * @public
 */
export const RULE_IDS = {
  oneModelPerServer: 'all-in-one/one-model-per-server',
  noSharedServerGroup: 'all-in-one/no-shared-server-group',
  ownDependencies: 'all-in-one/own-dependencies',
  sourceRepository: 'only-me/source-repository',
  teamOwnership: 'only-me/team-ownership',
  codeReview: 'only-me/code-review',
  containerEnvironment: 'only-me/container-environment',
  pinnedDependencies: 'only-me/pinned-dependencies',
  notNotebookOnly: 'only-me/not-notebook-only',
  dataReference: 'only-me/data-reference',
  automatedChecks: 'only-me/automated-checks',
  modelProvenance: 'only-me/model-provenance',
  configurableModel: 'model-load/configurable-model',
  gatedReadiness: 'model-load/gated-readiness',
  libraryCompatibility: 'model-load/library-compatibility',
} as const;

/**
 * The built-in rule catalog. Text is ours; every rule traces back to the
 * All-in-one, Only-me and Model-load pattern documents.
 *
 * @public
 */
export const BUILT_IN_RULES: RuleDefinition[] = [
  {
    id: RULE_IDS.oneModelPerServer,
    pattern: 'all-in-one',
    title: 'One inference model per serving process',
    appliesTo: ['serving-unit', 'model', 'repository'],
    weight: 3,
    rationale:
      'Models that run in one container, server or process share the same libraries, so no model can use the versions that suit it best; a fault in one is hard to isolate from the others; and every system update forces a release of every model. A repository is checked through the serving units it holds (a KServe or Seldon manifest, a model server started by an image or deployment, a server that loads a model); one that holds none, such as training code, is not applicable.',
    remediation: [
      'Split the server so that each deployment loads exactly one model (one model per server, as microservices).',
      'Give each model its own serving Component in the catalog that dependsOn only that model.',
      'Release each model with the Model-load or the Model-in-image pattern so models and servers can be updated on their own schedules.',
      'If serving several models in one process is deliberate (e.g. KServe ModelMesh or a Triton model repository), waive this check with the reason in the ml-patterns.io/waivers annotation.',
    ],
    references: [ALL_IN_ONE],
  },
  {
    id: RULE_IDS.noSharedServerGroup,
    pattern: 'all-in-one',
    title: 'No server group shared between models',
    appliesTo: ['serving-unit', 'model'],
    weight: 3,
    rationale:
      'Serving units deployed into the same server group (one workload, one kubernetes-id) are released, scaled and debugged together: one model update restarts the others, and logs of every model must be traced to find the culprit.',
    remediation: [
      'Give each serving unit its own deployment and its own backstage.io/kubernetes-id.',
      'Keep shared infrastructure (ingress, proxy) separate from the model servers behind it.',
      'If the sharing is deliberate, waive this check with the reason in the ml-patterns.io/waivers annotation.',
    ],
    references: [ALL_IN_ONE],
  },
  {
    id: RULE_IDS.ownDependencies,
    pattern: 'all-in-one',
    title: 'Serving unit declares its own dependencies',
    appliesTo: ['serving-unit'],
    weight: 1,
    rationale:
      'A serving unit without its own dependency manifest inherits whatever libraries the surrounding repository or image provides, which ties its model to the library versions of every other model. A pinned prebuilt serving runtime (a versioned TF Serving, Triton, TorchServe, MLServer or KServe runtime image, or a KServe predefined runtime) counts: the runtime image is the declared environment.',
    remediation: [
      'Add a dependency manifest (requirements.txt, pyproject.toml with a lockfile, environment.yml) in the serving unit’s folder.',
      'Install it in the serving unit’s own Dockerfile.',
      'Or serve with a prebuilt model-server image pinned to a version tag (not latest / nightly).',
    ],
    references: [ALL_IN_ONE],
  },
  {
    id: RULE_IDS.sourceRepository,
    pattern: 'only-me',
    title: 'Code lives in a readable shared repository',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 3,
    rationale:
      'A model handed over without the code that trained and evaluates it cannot be run, reviewed or reproduced by anyone but its author.',
    remediation: [
      'Push the training, evaluation and serving code to a shared repository.',
      'Set backstage.io/source-location on the entity to that repository (and ml-patterns.io/source-path for a monorepo folder).',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.teamOwnership,
    pattern: 'only-me',
    title: 'Owned by a team, not a single person',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 2,
    rationale:
      'Work owned by one engineer depends on that engineer: nobody else is accountable for reviewing it, reproducing it or running it in production.',
    remediation: [
      'Set spec.owner to a Group (the team) rather than a User.',
      'Make sure the team has at least two members who can review and release the work.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.codeReview,
    pattern: 'only-me',
    title: 'Changes are reviewed',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 2,
    rationale:
      'Architecture and code review within the team is what lets others understand and release the ML engineer’s work.',
    remediation: [
      'Add a CODEOWNERS file (repository root, .github/ or docs/) naming the team, or Prow-style OWNERS files with approvers and reviewers.',
      'Require review before merge on the default branch.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.containerEnvironment,
    pattern: 'only-me',
    title: 'Environment is defined as a container',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 2,
    rationale:
      'A private laptop environment cannot be reproduced; a container image fixes the OS, language and library versions shared by development and production.',
    remediation: [
      'Add a Dockerfile (or a devcontainer) that builds the training or serving environment.',
      'Pin the base image to a version tag or digest.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.pinnedDependencies,
    pattern: 'only-me',
    title: 'Library versions are pinned',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 2,
    rationale:
      'Some ML libraries break or change predictions between minor versions; without pinned versions nobody can rebuild the environment the model was made in. The check passes with a lockfile (one whose project declares no dependency locks no library and does not count), with every requirement pinned, or with the ML libraries pinned exactly while only tools around the model (web frameworks, command lines, test and data-versioning tools) or ranges with an upper bound float. Environment files in a notebooks folder (a conda or pip file that sets up a kernel for exploring) do not unpin a project whose own manifest, declaring the ML libraries, a lockfile pins, unless an image installs them. Packages that pipeline components install when they run (Kubeflow Pipelines `packages_to_install`) are the environment of the steps that train and evaluate the model: no lockfile pins them, so they must be pinned where they are listed.',
    remediation: [
      'Commit a lockfile (poetry.lock, uv.lock, Pipfile.lock, conda-lock.yml, pdm.lock), or pin every requirement with == in requirements.txt.',
      'Replace >=, ~= and bare package names with exact versions (pip freeze or pip-compile produce them), also in the packages_to_install of pipeline components.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.notNotebookOnly,
    pattern: 'only-me',
    title: 'Code beyond notebooks',
    appliesTo: ['model', 'repository'],
    weight: 2,
    rationale:
      'Notebooks run in a private environment, in an order only their author knows; code that runs as modules or scripts can be reviewed, tested and run by others.',
    remediation: [
      'Move data loading, preprocessing, training and evaluation into Python modules or scripts.',
      'Keep notebooks for exploration and reports, calling those modules.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.dataReference,
    pattern: 'only-me',
    title: 'Training and evaluation data are declared',
    appliesTo: ['model', 'repository'],
    weight: 2,
    rationale:
      'A model provided without its dataset cannot be evaluated or retrained by anyone else.',
    remediation: [
      'Declare the dataset in the catalog: a Resource of type dataset that the model or training pipeline dependsOn.',
      'Or version the data with DVC (commit the .dvc files or dvc.yaml), or name it in the ml-patterns.io/dataset annotation.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.automatedChecks,
    pattern: 'only-me',
    title: 'Automated checks run on every change',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 1,
    rationale:
      'Continuous integration runs the code in an environment other than the author’s laptop, which is the first proof that someone else can reproduce it. A GitHub workflow that only builds or publishes the documentation or tends issues and pull requests (stale, labeler, greetings, release drafts), or that runs only on a schedule, by hand or on a release, checks no change and does not count. Neither does a pipeline of any CI system that only builds, pushes or deploys images after a change has landed (pushes to named branches, tags); the same build run on every pull request counts, since it shows the proposed change still builds.',
    remediation: [
      'Add a CI workflow (GitHub Actions, GitLab CI, Jenkins, …) that installs the pinned environment and runs the tests.',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.modelProvenance,
    pattern: 'only-me',
    title: 'Committed models come with the code and data that made them',
    appliesTo: ['model', 'serving-unit', 'repository'],
    weight: 2,
    rationale:
      'A trained model handed over without the code and data that made it can be run, but nobody else can retrain, evaluate or fix it. The check fails when the repository commits trained model files (not test fixtures or placeholders) but holds no code that trains a model (no fit or training loop in its Python code, no notebook) and declares no data. For a folder of a larger repository, code elsewhere in the repository counts as its training code. It is not applicable when no model is committed, or when the listing of the repository around the folder is incomplete. Together with no review (no CODEOWNERS) by anyone but a single owner, or with no CI, it shows the Only-me anti-pattern.',
    remediation: [
      'Commit the training script or notebook next to the model, with the data it reads or a reference to it (a DVC file, a dataset Resource in the catalog).',
      'Or publish the model from a training pipeline in another repository, and point the catalog at it (a model Resource that dependsOn its training code).',
    ],
    references: [ONLY_ME],
  },
  {
    id: RULE_IDS.configurableModel,
    pattern: 'model-load',
    title: 'Model is chosen by configuration',
    appliesTo: ['serving-unit'],
    weight: 2,
    rationale:
      'In the Model-load pattern one server image serves different models; which model to load comes from configuration such as an environment variable, not from code.',
    remediation: [
      'Read the model location from an environment variable (e.g. MODEL_URI) or a config file at start-up.',
      'Set it in the deployment manifest, not in the image.',
    ],
    references: [MODEL_LOAD],
  },
  {
    id: RULE_IDS.gatedReadiness,
    pattern: 'model-load',
    title: 'Not ready until the model is loaded',
    appliesTo: ['serving-unit'],
    weight: 2,
    rationale:
      'A Model-load server starts before its model is there; it must be treated as unhealthy until the model has loaded, or it answers requests it cannot serve.',
    remediation: [
      'Download the model in an init container, or add a readiness (or startup) probe that succeeds only once the model is loaded.',
      'A /health endpoint that always answers OK is not enough: make readiness depend on the loaded model (e.g. /v2/health/ready of the Open Inference Protocol).',
    ],
    references: [MODEL_LOAD],
  },
  {
    id: RULE_IDS.libraryCompatibility,
    pattern: 'model-load',
    title: 'Model libraries match the server image',
    appliesTo: ['serving-unit'],
    weight: 1,
    rationale:
      'With Model-load, models and images are versioned apart; a table of supported library versions is needed so a model is never loaded into an image with incompatible libraries.',
    remediation: [
      'Declare the libraries each model needs in the model entity’s ml-patterns.io/required-libraries annotation (e.g. scikit-learn==1.4.2).',
      'Pin the same versions in the serving image’s requirements, or declare supportedModelFormats with versions in the KServe ServingRuntime.',
    ],
    references: [MODEL_LOAD, MODEL_IN_IMAGE],
  },
];

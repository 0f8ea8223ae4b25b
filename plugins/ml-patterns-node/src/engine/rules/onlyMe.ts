import { parseEntityRef } from '@backstage/catalog-model';
import {
  BACKSTAGE_ANNOTATIONS,
  EvidenceItem,
  INPUT_ANNOTATIONS,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  DependencyManifestFacts,
  fileCounts,
  LockfileFacts,
  RepositoryEvidence,
  RequirementFacts,
} from '../../evidence/types';
import { atField, atLine, listForMessage, plural } from '../evidenceItems';
import { MlPatternsRule, RuleOutcome } from '../types';
import {
  isBoundedRange,
  isHelperLibrary,
  isModelLibrary,
} from './modelLibraries';
import { notebookEnvironmentsBesideLockedProject } from './notebookEnvironments';
import {
  builtInRule,
  needsRepository,
  notApplicable,
  outcome,
  readableEvidence,
  repositoryUnreadable,
} from './ruleHelpers';

const DATASET_KEY = INPUT_ANNOTATIONS.dataset;
const DATASET_FIELD = `metadata.annotations.${DATASET_KEY}`;
const SOURCE_LOCATION_FIELD = `metadata.annotations.${BACKSTAGE_ANNOTATIONS.sourceLocation}`;

/** @public */
export const sourceRepositoryRule: MlPatternsRule = builtInRule(
  RULE_IDS.sourceRepository,
  input => {
    const evidence = input.evidence;
    if (evidence?.status === 'ok') {
      if (evidence.fileCount > 0) {
        return outcome(
          'pass',
          `The source repository is readable (${plural(
            evidence.fileCount,
            'file',
          )}).`,
          [atField(SOURCE_LOCATION_FIELD, evidence.location)],
        );
      }
      return outcome('fail', 'The source location holds no files.', [
        atField(SOURCE_LOCATION_FIELD, evidence.location),
      ]);
    }
    // A model whose training code is catalogued as its own entity is not
    // hidden, even when the model entity itself has no source location.
    const codeEntities =
      input.role === 'model' && input.related.status === 'ok'
        ? input.related.codeEntities
        : [];
    if (codeEntities.length > 0) {
      return outcome(
        'pass',
        `Its code is in the catalog: ${listForMessage(codeEntities)}.`,
        codeEntities.map(ref =>
          atField('spec.dependsOn', 'training code', ref),
        ),
      );
    }
    if (!evidence) {
      return outcome(
        'fail',
        'No source location: nobody else can see, run or review the code.',
        [atField(SOURCE_LOCATION_FIELD, 'missing')],
      );
    }
    return repositoryUnreadable(input);
  },
);

/** Most owner references whose kind is kept (see `ownerKind`). */
const MAX_OWNERS = 2000;
const ownerKinds = new Map<string, string | undefined>();

/**
 * The kind of an owner reference (`group` when it names none), undefined
 * when it is not a reference. Kept per reference: a catalog's entities
 * share a few hundred owners, and each evaluation asks.
 */
function ownerKind(
  owner: string,
  namespace: string | undefined,
): string | undefined {
  const key = `${namespace ?? 'default'}\n${owner}`;
  if (ownerKinds.has(key)) return ownerKinds.get(key);
  let kind: string | undefined;
  try {
    kind = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: namespace ?? 'default',
    }).kind.toLowerCase();
  } catch {
    kind = undefined;
  }
  if (ownerKinds.size >= MAX_OWNERS) {
    // The oldest reference first: a Map keeps insertion order.
    ownerKinds.delete(ownerKinds.keys().next().value!);
  }
  ownerKinds.set(key, kind);
  return kind;
}

/** @public */
export const teamOwnershipRule: MlPatternsRule = builtInRule(
  RULE_IDS.teamOwnership,
  input => {
    const owner = input.entity.spec?.owner;
    if (typeof owner !== 'string' || owner.trim() === '') {
      return outcome('fail', 'The entity has no owner.', [
        atField('spec.owner', 'missing'),
      ]);
    }
    const kind = ownerKind(owner, input.entity.metadata.namespace);
    if (kind === undefined) {
      return outcome(
        'unknown',
        `The owner '${owner}' is not a valid entity reference.`,
        [atField('spec.owner', owner)],
      );
    }
    if (kind === 'group') {
      return outcome('pass', `Owned by the group ${owner}.`, [
        atField('spec.owner', owner),
      ]);
    }
    if (kind === 'user') {
      return outcome('fail', `Owned by a single person, ${owner}.`, [
        atField('spec.owner', owner),
      ]);
    }
    return outcome(
      'unknown',
      `The owner ${owner} is neither a Group nor a User.`,
      [atField('spec.owner', owner)],
    );
  },
);

/** @public */
export const codeReviewRule: MlPatternsRule = builtInRule(
  RULE_IDS.codeReview,
  needsRepository(evidence => {
    if (evidence.codeReview.length > 0) {
      return outcome(
        'pass',
        `Reviewers are named in ${listForMessage(
          evidence.codeReview.map(r => r.path),
        )}.`,
        evidence.codeReview.map(r => atLine(r, r.kind)),
      );
    }
    return outcome('fail', 'No CODEOWNERS or OWNERS file names reviewers.');
  }),
);

/**
 * A dev container (`.devcontainer.json`, `.devcontainer/…`) is an editor's
 * environment: it pins the OS and language of whoever opens it, but the
 * libraries only when what it installs is pinned.
 */
function isDevContainer(path: string): boolean {
  return /(?:^|\/)\.devcontainer(?:\.json$|\/)/.test(path);
}

/** @public */
export const containerEnvironmentRule: MlPatternsRule = builtInRule(
  RULE_IDS.containerEnvironment,
  needsRepository(evidence => {
    const found: EvidenceItem[] = [];
    for (const d of evidence.dockerfiles) {
      found.push(atLine({ path: d.path }, 'Dockerfile'));
    }
    for (const c of evidence.otherContainerDefinitions) {
      found.push(atLine(c, 'container definition'));
    }
    for (const workload of evidence.workloads) {
      // A workload running a prebuilt serving runtime image defines its
      // environment too (e.g. KServe's sklearn server for a storageUri).
      if (workload.storageUri && workload.modelFormat) {
        found.push(
          atLine(
            workload.storageUri,
            `${workload.kind} ${workload.name} runs the ${workload.modelFormat.name} serving runtime`,
          ),
        );
      }
      for (const container of workload.containers) {
        if (container.image) {
          found.push(
            atLine(
              { path: workload.path, line: container.line ?? workload.line },
              `${workload.kind} ${workload.name} runs image ${container.image}`,
            ),
          );
        }
      }
    }
    if (
      found.length > 0 &&
      found.every(item => 'path' in item && isDevContainer(item.path ?? '')) &&
      evidence.dependencyManifests.length > 0 &&
      pinnedDependencies(evidence).verdict === 'fail'
    ) {
      return outcome(
        'fail',
        'Only a dev container defines the environment, and the libraries installed in it are not pinned: a rebuild gets whatever versions are current.',
        found,
      );
    }
    if (found.length > 0) {
      return outcome(
        'pass',
        'The environment is defined as a container.',
        found,
      );
    }
    return outcome('fail', 'No Dockerfile or other container definition.');
  }),
);

type Ecosystem = 'js' | 'python';
const JS_LOCKFILES = new Set<LockfileFacts['kind']>([
  'package-lock',
  'yarn.lock',
  'pnpm-lock',
]);

function manifestEcosystem(manifest: DependencyManifestFacts): Ecosystem {
  return manifest.kind === 'package-json' ? 'js' : 'python';
}

/**
 * A lockfile pins its own ecosystem only (a yarn.lock for a docs site does
 * not pin the Python requirements next to it), and, when the evidence says
 * which manifests belong to its project (`pins`), only those: a monorepo's
 * root lockfile does not pin the sub-projects beside it.
 */
function lockfileCovers(
  lockfile: LockfileFacts,
  manifest: DependencyManifestFacts,
): boolean {
  // Installed afresh each time a pipeline step runs.
  if (manifest.kind === 'pipeline-component') return false;
  const ecosystem = manifestEcosystem(manifest);
  const sameEcosystem =
    lockfile.kind === 'other' ||
    (JS_LOCKFILES.has(lockfile.kind)
      ? ecosystem === 'js'
      : ecosystem === 'python');
  return (
    sameEcosystem &&
    (lockfile.pins === undefined || lockfile.pins.includes(manifest.path))
  );
}

/** Folders of test data and sample projects, wherever they are. */
const SAMPLE_OR_FIXTURE_FOLDER =
  /^(test[_-]?data|fixtures?|__fixtures__|test[_-]?resources|examples?|samples?)$/i;

/**
 * Manifests that are not the environment of the scored work: test data and
 * the projects tests build (`tests/e2e/app/requirements.txt`), samples and
 * examples, the documentation and its samples. (`tests/requirements.txt`,
 * the test environment itself, still counts.)
 */
function isSampleOrFixtureManifest(path: string): boolean {
  // Most manifests sit at the top of the folder read.
  if (!path.includes('/')) return false;
  const folders = path
    .split('/')
    .slice(0, -1)
    .filter(segment => segment !== '..' && segment !== '.');
  return (
    folders.some(folder => SAMPLE_OR_FIXTURE_FOLDER.test(folder)) ||
    /^docs?$/i.test(folders[0] ?? '') ||
    (/^tests?$/i.test(folders[0] ?? '') && folders.length >= 2)
  );
}

/**
 * Development and CI tools (`requirements-dev.txt`, test extras) do not
 * make a pinned runtime unpinned: they are left out when a runtime
 * manifest declares requirements of its own.
 */
function runtimeManifests(
  manifests: DependencyManifestFacts[],
): DependencyManifestFacts[] {
  if (!manifests.some(m => m.purpose === 'development')) return manifests;
  const runtime = manifests.filter(m => m.purpose !== 'development');
  return runtime.some(m => m.requirements.length > 0) ? runtime : manifests;
}

/** The manifests of the scored work: not those of samples, fixtures or docs. */
function ownManifests(evidence: RepositoryEvidence): DependencyManifestFacts[] {
  const manifests = evidence.dependencyManifests;
  return manifests.some(manifest => isSampleOrFixtureManifest(manifest.path))
    ? manifests.filter(manifest => !isSampleOrFixtureManifest(manifest.path))
    : manifests;
}

/**
 * A lockfile of a project that declares no dependency (every manifest it
 * pins says so) locks the project alone: it records no library version.
 */
function emptyProjectManifests(
  lockfile: LockfileFacts,
  manifests: ReadonlyMap<string, DependencyManifestFacts>,
): DependencyManifestFacts[] | undefined {
  if (!lockfile.pins || lockfile.pins.length === 0) return undefined;
  const pinned = lockfile.pins.map(path => manifests.get(path));
  return pinned.every(m => m?.declaresNoDependencies)
    ? (pinned as DependencyManifestFacts[])
    : undefined;
}

function emptyLockfileItems(
  empty: ReadonlyArray<[LockfileFacts, DependencyManifestFacts[]]>,
): EvidenceItem[] {
  return empty.flatMap(([lockfile, manifests]) =>
    manifests.map(m =>
      atLine(
        { path: m.path, line: m.declaresNoDependencies?.line },
        `declares no dependencies, so ${lockfile.path} locks no library`,
      ),
    ),
  );
}

function pinnedDependencies(evidence: RepositoryEvidence): RuleOutcome {
  const byPath = new Map(evidence.dependencyManifests.map(m => [m.path, m]));
  const empty: Array<[LockfileFacts, DependencyManifestFacts[]]> = [];
  const lockfiles = evidence.lockfiles.filter(lockfile => {
    const emptyProject = emptyProjectManifests(lockfile, byPath);
    if (emptyProject) empty.push([lockfile, emptyProject]);
    return !emptyProject;
  });
  const isLocked = (manifest: DependencyManifestFacts) =>
    lockfiles.some(lock => lockfileCovers(lock, manifest));
  const runtime = runtimeManifests(ownManifests(evidence));
  const notebookEnvironments = notebookEnvironmentsBesideLockedProject(
    evidence,
    runtime,
    isLocked,
  );
  const manifests = runtime.filter(m => !notebookEnvironments.includes(m));
  if (manifests.length === 0 && lockfiles.length === 0) {
    return outcome(
      'fail',
      'No dependency manifest: library versions are not recorded anywhere.',
    );
  }
  const unpinned: ManifestRequirement[] = [];
  const pinnedModelLibraries: ManifestRequirement[] = [];
  const usedLockfiles = new Set<LockfileFacts>();
  let requirementCount = 0;
  for (const manifest of manifests) {
    const covering =
      lockfiles.length === 0
        ? lockfiles
        : lockfiles.filter(lock => lockfileCovers(lock, manifest));
    if (covering.length > 0) {
      covering.forEach(lock => usedLockfiles.add(lock));
      pinnedModelLibraries.push(
        ...manifest.requirements
          .filter(isModelLibrary)
          .map(requirement => ({ manifest, requirement })),
      );
      continue;
    }
    for (const requirement of manifest.requirements) {
      requirementCount += 1;
      if (!requirement.pinned) {
        unpinned.push({ manifest, requirement });
      } else if (isModelLibrary(requirement)) {
        pinnedModelLibraries.push({ manifest, requirement });
      }
    }
  }
  if (unpinned.length > 0) {
    return unpinnedOutcome(unpinned, pinnedModelLibraries);
  }
  // Lockfiles that pinned a manifest; with no requirement read at all, a
  // lockfile alone still records the versions.
  let pinning: LockfileFacts[] = [];
  if (usedLockfiles.size > 0) {
    pinning = lockfiles.filter(l => usedLockfiles.has(l));
  } else if (requirementCount === 0) {
    pinning = lockfiles;
  }
  if (pinning.length > 0) {
    return outcome(
      'pass',
      `Pinned by ${listForMessage(pinning.map(l => l.path))}.${
        notebookEnvironments.length > 0
          ? ` ${listForMessage(
              notebookEnvironments.map(m => m.path),
            )} in a notebooks folder ${
              notebookEnvironments.length === 1
                ? 'is not pinned but only sets'
                : 'are not pinned but only set'
            } up a kernel for exploring beside the locked project.`
          : ''
      }`,
      [
        ...pinning.map(l => atLine({ path: l.path }, `lockfile (${l.kind})`)),
        ...notebookEnvironments.map(m =>
          atLine(
            { path: m.path, line: m.line },
            `${m.kind}: notebook environment, not the locked project's`,
          ),
        ),
      ],
    );
  }
  if (requirementCount === 0) {
    const emptyItems = emptyLockfileItems(empty);
    return outcome(
      'fail',
      `The dependency manifests declare no requirements, so no versions are pinned${
        empty.length > 0
          ? ` (${listForMessage(
              empty.map(([lockfile]) => lockfile.path),
            )} locks no library)`
          : ''
      }.`,
      [
        ...emptyItems,
        ...manifests
          .filter(
            m =>
              !emptyItems.some(item => 'path' in item && item.path === m.path),
          )
          .map(m => atLine({ path: m.path }, `no requirements (${m.kind})`)),
      ],
    );
  }
  return outcome(
    'pass',
    `All ${plural(
      requirementCount,
      'requirement',
    )} are pinned to exact versions.`,
    manifests.map(m =>
      atLine(
        { path: m.path, line: m.line },
        `${m.kind}: every requirement pinned`,
      ),
    ),
  );
}

type ManifestRequirement = {
  manifest: DependencyManifestFacts;
  requirement: RequirementFacts;
};

/** Library names once each (several manifests may list the same library). */
function distinctNames(requirements: ManifestRequirement[]): string[] {
  return [...new Set(requirements.map(r => r.requirement.name))];
}

function requirementItem(
  { manifest, requirement }: ManifestRequirement,
  note: string,
): EvidenceItem {
  return atLine(
    { path: manifest.path, line: requirement.line },
    `${requirement.name}${
      requirement.specifier === '' ? ' (no version)' : requirement.specifier
    } ${note}${
      manifest.kind === 'pipeline-component'
        ? ' (a pipeline component installs it when it runs)'
        : ''
    }`,
  );
}

/**
 * Requirements not pinned exactly. The environment can still be rebuilt
 * as the authors ran it when the libraries that decide what the model
 * computes are pinned and what floats is a tool around the model (a web
 * framework, a CLI, a data-versioning tool) or is held below an upper
 * bound. A library the scorer does not know keeps the check failing.
 */
function unpinnedOutcome(
  unpinned: ManifestRequirement[],
  pinnedModelLibraries: ManifestRequirement[],
): RuleOutcome {
  const floating = unpinned.filter(
    u => !isHelperLibrary(u.requirement) && !isBoundedRange(u.requirement),
  );
  if (floating.length === 0 && pinnedModelLibraries.length > 0) {
    return outcome(
      'pass',
      `The ML libraries are pinned (${listForMessage(
        distinctNames(pinnedModelLibraries),
      )}); ${plural(
        unpinned.length,
        'other requirement',
      )} float within an upper bound or are tools around the model.`,
      [
        ...pinnedModelLibraries.map(p => requirementItem(p, 'pinned')),
        ...unpinned.map(u => requirementItem(u, 'not pinned')),
      ],
    );
  }
  const floatingModelLibraries = floating.filter(u =>
    isModelLibrary(u.requirement),
  );
  const modelLibrariesFirst = [
    ...floatingModelLibraries,
    ...unpinned.filter(u => !floatingModelLibraries.includes(u)),
  ];
  return outcome(
    'fail',
    `${plural(unpinned.length, 'requirement')} not pinned to an exact version${
      floatingModelLibraries.length > 0
        ? `, among them ML libraries (${listForMessage(
            distinctNames(floatingModelLibraries),
          )})`
        : ''
    }.`,
    modelLibrariesFirst.map(u => requirementItem(u, 'is not pinned')),
  );
}

/** @public */
export const pinnedDependenciesRule: MlPatternsRule = builtInRule(
  RULE_IDS.pinnedDependencies,
  needsRepository(pinnedDependencies),
);

/** @public */
export const notNotebookOnlyRule: MlPatternsRule = builtInRule(
  RULE_IDS.notNotebookOnly,
  needsRepository(evidence => {
    const counts = fileCounts(evidence);
    if (counts.codeFiles > 0) {
      return outcome(
        'pass',
        `${plural(counts.codeFiles, 'code file')} beside ${plural(
          counts.notebooks,
          'notebook',
        )}.`,
        evidence.codeFiles
          .slice(0, 5)
          .map(path => atLine({ path }, 'code file')),
      );
    }
    if (counts.notebooks > 0) {
      return outcome(
        'fail',
        `Only notebooks (${plural(
          counts.notebooks,
          'notebook',
        )}) and no code files.`,
        evidence.notebooks
          .slice(0, 10)
          .map(path => atLine({ path }, 'notebook')),
      );
    }
    return notApplicable('Neither notebooks nor code files in the repository.');
  }),
);

/** @public */
export const dataReferenceRule: MlPatternsRule = builtInRule(
  RULE_IDS.dataReference,
  input => {
    const found: EvidenceItem[] = [];
    if (input.related.status === 'ok') {
      for (const dataset of input.related.datasets) {
        found.push(atField('spec.dependsOn', 'dataset', dataset));
      }
    }
    const annotation = input.entity.metadata.annotations?.[DATASET_KEY];
    if (typeof annotation === 'string' && annotation.trim() !== '') {
      found.push(atField(DATASET_FIELD, annotation.trim()));
    }
    const evidence = readableEvidence(input);
    for (const reference of evidence?.dataReferences ?? []) {
      found.push(atLine(reference, reference.note));
    }
    if (found.length > 0) {
      return outcome('pass', 'Training or evaluation data is declared.', found);
    }
    if (input.related.status !== 'ok') {
      return outcome(
        'unknown',
        `No data declared on the entity, and catalog relations are unavailable${
          input.related.reason ? `: ${input.related.reason}` : ''
        }.`,
      );
    }
    if (input.evidence && input.evidence.status !== 'ok') {
      return outcome(
        'unknown',
        `No data declared in the catalog, and the repository could not be read: ${
          input.evidence.reason ?? 'unknown reason'
        }.`,
      );
    }
    return outcome(
      'fail',
      'No training or evaluation data declared: no dataset dependency, ml-patterns.io/dataset annotation or DVC file.',
    );
  },
);

import type { DependencyManifestFacts, LockfileFacts } from './dependencyFacts';
import type { DockerfileFacts } from './dockerFacts';
import type { ModelLoaderFacts, ServingProcessFacts } from './pythonFacts';
import type {
  ModelServerConfigFacts,
  PackagedImageFacts,
} from './servingFacts';
import type { EvidenceProblem, SourceLine } from './sourceLines';
import type { ServingRuntimeFacts, WorkloadFacts } from './workloadFacts';

/** All evidence of one scored folder. */

/**
 * Everything read from one entity's source folder. When `status` is not
 * `ok`, the lists are empty and checks that need them are `unknown`.
 *
 * @public
 */
export interface RepositoryEvidence {
  status: 'ok' | 'unavailable';
  /** Why the repository could not be read (cap exceeded, not found, …). */
  reason?: string;
  /** The location read, e.g. `url:https://github.com/o/r/tree/main/svc`. */
  location?: string;
  /** When this evidence was read (ISO 8601). */
  readAt?: string;
  /**
   * Set when the latest read of the location failed and this is the last
   * good evidence, kept up to `mlPatterns.evidence.maxStaleAge`: why the
   * read failed, and when the evidence was last read or confirmed unchanged.
   */
  stale?: { reason: string; readAt: string };
  /** How many files the (filtered) tree had. */
  fileCount: number;
  /** Source files that are not notebooks (.py, .R, .scala, .java, .go, .ts, …). */
  codeFiles: string[];
  notebooks: string[];
  dockerfiles: DockerfileFacts[];
  /** Other container definitions: devcontainer.json, Containerfile, apptainer, … */
  otherContainerDefinitions: SourceLine[];
  workloads: WorkloadFacts[];
  servingRuntimes: ServingRuntimeFacts[];
  /**
   * Model servers' own lists of the models they host. Absent in evidence
   * read by older versions.
   */
  modelServers?: ModelServerConfigFacts[];
  /**
   * Images of the unit built by a model-packaging tool (see
   * `PackagedImageFacts`). Absent when none, or in older evidence.
   */
  packagedImages?: PackagedImageFacts[];
  /**
   * Runs of a stock model-server image (a script, CI step or the
   * documentation) that mount a host folder where the server reads its
   * models: the models are supplied when the container starts. Absent when
   * none, or in older evidence.
   */
  modelsMountedAtStart?: Array<SourceLine & { description: string }>;
  dependencyManifests: DependencyManifestFacts[];
  lockfiles: LockfileFacts[];
  /** CODEOWNERS (root, .github/, docs/, GitLab) and Prow OWNERS files. */
  codeReview: Array<SourceLine & { kind: 'CODEOWNERS' | 'OWNERS' }>;
  ci: Array<
    SourceLine & {
      kind:
        | 'github-actions'
        | 'gitlab-ci'
        | 'jenkins'
        | 'circleci'
        | 'azure-pipelines'
        | 'travis'
        | 'other';
      /**
       * Set when the configuration checks nothing about a change: what it
       * does instead (only publishes the documentation, only tends issues
       * and pull requests, runs only on a schedule, by hand or on a
       * release, only builds, pushes or deploys images after a change has
       * landed, runs only on one person's machine). `line` is then where
       * that is written. Absent in evidence read by older versions.
       */
      doesNotCheck?: string;
    }
  >;
  /** DVC files and other declared data (dvc.yaml, *.dvc, data/README…). */
  dataReferences: Array<SourceLine & { note: string }>;
  /** Model artifacts committed to the repository, by extension. */
  modelFiles: string[];
  /**
   * The trained models the repository commits and where it trains them.
   * Absent when it commits none (test fixtures and placeholders aside),
   * when the listing of the repository around the folder read is
   * incomplete, or in older evidence.
   */
  modelTraining?: ModelTrainingFacts;
  modelLoaders: ModelLoaderFacts[];
  /**
   * The serving processes seen in Python code and the models each loads.
   * Empty when the repository starts no Python server (e.g. only a model
   * server such as TorchServe); undefined when it cannot be told how the
   * code is started, or in older evidence.
   */
  servingProcesses?: ServingProcessFacts[];
  problems: EvidenceProblem[];
  /**
   * How many code files, notebooks and model files there are, when the
   * lists above hold only the first of them (evidence as cached). Without
   * it, the lists are complete.
   */
  counts?: { codeFiles: number; notebooks: number; modelFiles: number };
}

/**
 * Trained model files committed to a repository, and the code that trains
 * a model there.
 *
 * @public
 */
export interface ModelTrainingFacts {
  /** The committed trained models, largest first. */
  models: string[];
  /**
   * Where a model is trained (a Python call that fits or trains one), or
   * code that may train one but is not read (a notebook, an R script).
   * Absent when the repository holds no such code.
   */
  trainedAt?: SourceLine & { note: string };
}

/**
 * How many code files, notebooks and model files the evidence found (its
 * lists may be cut; see `RepositoryEvidence.counts`).
 *
 * @public
 */
export function fileCounts(evidence: RepositoryEvidence): {
  codeFiles: number;
  notebooks: number;
  modelFiles: number;
} {
  return (
    evidence.counts ?? {
      codeFiles: evidence.codeFiles.length,
      notebooks: evidence.notebooks.length,
      modelFiles: evidence.modelFiles.length,
    }
  );
}

/**
 * Evidence that says "could not read": every repository check becomes
 * `unknown` with this reason.
 *
 * @public
 */
export function unavailableEvidence(
  reason: string,
  location?: string,
): RepositoryEvidence {
  return { ...emptyEvidence(0, location), status: 'unavailable', reason };
}

/**
 * Evidence of a readable folder in which nothing was found yet: the start
 * of every analysis.
 *
 * @public
 */
export function emptyEvidence(
  fileCount: number,
  location?: string,
): RepositoryEvidence {
  return {
    status: 'ok',
    location,
    fileCount,
    codeFiles: [],
    notebooks: [],
    dockerfiles: [],
    otherContainerDefinitions: [],
    workloads: [],
    servingRuntimes: [],
    modelServers: [],
    dependencyManifests: [],
    lockfiles: [],
    codeReview: [],
    ci: [],
    dataReferences: [],
    modelFiles: [],
    modelLoaders: [],
    problems: [],
  };
}

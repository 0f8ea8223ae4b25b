/** Facts of dependency manifests and lockfiles. */

/** One requirement line. @public */
export interface RequirementFacts {
  name: string;
  /** The version specifier as written, e.g. `==1.4.2`, `>=1.0`; empty when bare. */
  specifier: string;
  /** Exactly one version (`==` without wildcard, `===`). */
  pinned: boolean;
  line?: number;
}

/** A dependency manifest (requirements*.txt, pyproject.toml, environment.yml, …). @public */
export interface DependencyManifestFacts {
  path: string;
  kind:
    | 'requirements'
    | 'pyproject'
    | 'pipfile'
    | 'conda-environment'
    | 'setup-py'
    | 'package-json'
    /**
     * Packages a pipeline component installs when it runs (Kubeflow
     * Pipelines' `packages_to_install`): no lockfile pins them.
     */
    | 'pipeline-component'
    | 'other';
  requirements: RequirementFacts[];
  /** Other requirement files included (`-r other.txt`). */
  includes: string[];
  /** Line, when the manifest is part of a larger file (e.g. `RUN pip install a==1 b` in a Dockerfile). */
  line?: number;
  /**
   * `development`: tools for developers and CI (`requirements-dev.txt`,
   * `requirements/test.txt`) that no image installs, not the runtime.
   */
  purpose?: 'development';
  /**
   * Set when the manifest (a pyproject.toml or Pipfile) declares no
   * dependency at all, in no group or extra; `line` is where its list is
   * (or its table starts). A lockfile of that project locks no library.
   */
  declaresNoDependencies?: { line?: number };
}

/** @public */
export interface LockfileFacts {
  path: string;
  kind:
    | 'poetry.lock'
    | 'uv.lock'
    | 'Pipfile.lock'
    | 'conda-lock'
    | 'pdm.lock'
    | 'requirements-compiled'
    | 'package-lock'
    | 'yarn.lock'
    | 'pnpm-lock'
    | 'other';
  /**
   * The dependency manifests (paths) this lockfile pins: those of its own
   * project (its folder, a uv workspace rooted there, images installing
   * from it). Undefined when not worked out (JavaScript lockfiles, evidence
   * from older versions): it then pins every manifest of its ecosystem.
   */
  pins?: string[];
}

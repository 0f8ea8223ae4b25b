import { LockfileFacts, RepositoryEvidence } from '../types';
import { baseName, dirName, extensionOf } from './paths';

/** Recognising files by name and place (no content needed). */

/** Names that start like a Dockerfile's but are something else (docs, scripts, data). */
const NOT_A_DOCKERFILE =
  /\.(?:dockerignore|md|txt|rst|sh|py|json|ya?ml|lock|orig|bak)$/;

/**
 * `Dockerfile`, `Containerfile` and their variants: `Dockerfile.gpu`,
 * `Dockerfile-dev`, `Dockerfile_cpu`, `DockerfileReranker`, `api.dockerfile`,
 * and names that end in it (`ImageDockerfile`, `api-Dockerfile`): `docker
 * build -f` takes any name, and teams name one file per image this way.
 */
export function isDockerfile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (NOT_A_DOCKERFILE.test(name)) return false;
  return (
    name.startsWith('dockerfile') ||
    name.startsWith('containerfile') ||
    name.endsWith('dockerfile') ||
    name.endsWith('containerfile')
  );
}

export function isDockerignore(path: string): boolean {
  return baseName(path).toLowerCase().endsWith('.dockerignore');
}

/** Container definitions other than Dockerfiles. */
export function isOtherContainerDefinition(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return (
    (name === 'devcontainer.json' && dirName(path).endsWith('.devcontainer')) ||
    name === '.devcontainer.json' ||
    name === 'singularity' ||
    name.startsWith('singularity.') ||
    name === 'apptainer.def' ||
    name === 'cog.yaml' ||
    name === 'bentofile.yaml'
  );
}

export function isComposeFile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  return /^(docker-)?compose([.-][\w.-]*)?\.ya?ml$/.test(name);
}

export function isYaml(path: string): boolean {
  const ext = extensionOf(path);
  return ext === '.yaml' || ext === '.yml';
}

export function isCondaEnvironment(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (name.includes('conda-lock')) return false;
  return /^(environment|conda)([.-][\w.-]*)?\.ya?ml$/.test(name);
}

export function lockfileKind(path: string): LockfileFacts['kind'] | undefined {
  const name = baseName(path).toLowerCase();
  switch (name) {
    case 'poetry.lock':
      return 'poetry.lock';
    case 'uv.lock':
      return 'uv.lock';
    case 'pipfile.lock':
      return 'Pipfile.lock';
    case 'pdm.lock':
      return 'pdm.lock';
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return 'package-lock';
    case 'yarn.lock':
      return 'yarn.lock';
    case 'pnpm-lock.yaml':
      return 'pnpm-lock';
    case 'pixi.lock':
      return 'other';
    default:
  }
  if (
    /(^|[.-])conda-lock\.ya?ml$/.test(name) ||
    /^conda-.*\.lock$/.test(name)
  ) {
    return 'conda-lock';
  }
  if (/requirement.*\.lock$/.test(name)) return 'other';
  return undefined;
}

/** CODEOWNERS in the places GitHub and GitLab read it. */
export function isCodeowners(path: string): boolean {
  return (
    path === 'CODEOWNERS' ||
    path === '.github/CODEOWNERS' ||
    path === 'docs/CODEOWNERS' ||
    path === '.gitlab/CODEOWNERS'
  );
}

/** Prow / Kubernetes-style OWNERS file (anywhere). */
export function isProwOwners(path: string): boolean {
  return baseName(path) === 'OWNERS';
}

export type CiKind = RepositoryEvidence['ci'][number]['kind'];

export function ciKind(path: string): CiKind | undefined {
  const name = baseName(path).toLowerCase();
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github-actions';
  if (name === '.gitlab-ci.yml' || name.endsWith('.gitlab-ci.yml'))
    return 'gitlab-ci';
  if (
    name === 'jenkinsfile' ||
    name.startsWith('jenkinsfile.') ||
    name.endsWith('.jenkinsfile')
  ) {
    return 'jenkins';
  }
  if (path === '.circleci/config.yml' || path === '.circleci/config.yaml')
    return 'circleci';
  if (
    /^azure-pipelines.*\.ya?ml$/.test(name) ||
    path.startsWith('.azure-pipelines/')
  ) {
    return 'azure-pipelines';
  }
  if (path === '.travis.yml') return 'travis';
  if (
    path.startsWith('.buildkite/') ||
    /^cloudbuild.*\.ya?ml$/.test(name) ||
    (path.startsWith('.tekton/') && /\.ya?ml$/.test(name)) ||
    name === 'bitbucket-pipelines.yml' ||
    name === '.drone.yml' ||
    path === '.woodpecker.yml' ||
    path.startsWith('.woodpecker/') ||
    path === '.taskcluster.yml'
  ) {
    return 'other';
  }
  return undefined;
}

export function isNotebook(path: string): boolean {
  return extensionOf(path) === '.ipynb';
}

/**
 * Source files of the languages served code is written in: a folder
 * holding one is code, not a model folder.
 */
const PROGRAM_EXTENSIONS = [
  '.py',
  '.r',
  '.scala',
  '.java',
  '.go',
  '.ts',
  '.js',
  '.jl',
  '.rs',
];
const PROGRAMS = new Set(PROGRAM_EXTENSIONS);

/**
 * Code files of a repository: those, C, C++ and Kotlin sources, and shell
 * scripts. A model folder holding the script that fills it (`download.sh`)
 * is still a model folder, so these do not count for `isProgramFile`.
 */
const CODE_EXTENSIONS = new Set([
  ...PROGRAM_EXTENSIONS,
  '.cpp',
  '.c',
  '.sh',
  '.kt',
]);

/** A source file of served code (see `PROGRAM_EXTENSIONS`). */
export function isProgramFile(path: string): boolean {
  return PROGRAMS.has(extensionOf(path));
}

/**
 * Source code beyond notebooks. Packaging and tool configuration files
 * (`setup.py`, `conftest.py`, `__init__.py`, `*.config.js`, dotfiles) are
 * not code in the sense of "someone else can run the work".
 */
export function isCodeFile(path: string): boolean {
  if (!CODE_EXTENSIONS.has(extensionOf(path))) return false;
  const name = baseName(path);
  if (name.startsWith('.')) return false;
  if (['setup.py', 'conftest.py', '__init__.py', 'noxfile.py'].includes(name))
    return false;
  if (/\.config\.(js|ts|mjs|cjs)$/.test(name) || name.endsWith('.d.ts'))
    return false;
  return true;
}

export function isDvcFile(path: string): boolean {
  const name = baseName(path);
  return (
    name === 'dvc.yaml' ||
    name === 'dvc.lock' ||
    (extensionOf(path) === '.dvc' && name !== '.dvc') ||
    path === '.dvc/config' ||
    path.endsWith('/.dvc/config')
  );
}

export function isPythonFile(path: string): boolean {
  return extensionOf(path) === '.py';
}

export function isShellScript(path: string): boolean {
  return extensionOf(path) === '.sh';
}

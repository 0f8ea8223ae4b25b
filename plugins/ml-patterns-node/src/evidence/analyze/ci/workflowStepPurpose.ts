import { ShellCommand } from '../shell/shellScript';

/**
 * What one GitHub Actions step does, for telling a workflow that checks
 * the code from one that only publishes the documentation or tends the
 * repository:
 *
 * - `docs`: builds or publishes the documentation (MkDocs, Sphinx,
 *   Jupyter Book, pdoc, Quarto, a GitHub Pages deployment);
 * - `housekeeping`: tends issues and pull requests (stale, labeler,
 *   greetings, release notes drafts);
 * - `setup`: prepares the run and checks nothing by itself (checkout,
 *   language set-up, caches, `pip install`, `cd`, `git config`);
 * - `other`: anything else — taken to check something (tests, linters,
 *   training, image builds, and every step not known here).
 */
export type StepPurpose = 'docs' | 'housekeeping' | 'setup' | 'other';

/** Actions (`owner/name[/path]`, lower case, without `@ref`) that publish documentation. */
const DOCS_ACTIONS = new Set([
  'actions/deploy-pages',
  'actions/upload-pages-artifact',
  'actions/configure-pages',
  'actions/jekyll-build-pages',
  'peaceiris/actions-gh-pages',
  'peaceiris/actions-mdbook',
  'jamesives/github-pages-deploy-action',
  'mhausenblas/mkdocs-deploy-gh-pages',
  'ammaraskar/sphinx-action',
  'sphinx-notes/pages',
  'crazy-max/ghaction-github-pages',
  'quarto-dev/quarto-actions/publish',
  'quarto-dev/quarto-actions/render',
]);

/** Actions that tend issues, pull requests and release notes. */
const HOUSEKEEPING_ACTIONS = new Set([
  'actions/stale',
  'actions/labeler',
  'actions/first-interaction',
  'actions/add-to-project',
  'release-drafter/release-drafter',
  'dessant/lock-threads',
  'dessant/label-actions',
  'github/issue-labeler',
  'srvaroa/labeler',
  'timonvs/pr-labeler-action',
  'kentaro-m/auto-assign-action',
  'toshimaru/auto-author-assign',
  'wow-actions/welcome',
]);

/** Actions that only prepare a run: `actions/setup-python`, `actions/checkout`, caches and artifacts. */
const SETUP_ACTIONS = new Set([
  'actions/checkout',
  'actions/cache',
  'actions/upload-artifact',
  'actions/download-artifact',
  'conda-incubator/setup-miniconda',
  'mamba-org/setup-micromamba',
  'astral-sh/setup-uv',
  'snok/install-poetry',
  'pdm-project/setup-pdm',
  'quarto-dev/quarto-actions/setup',
]);

/** `actions/setup-node`, `actions/setup-python`, … */
const SETUP_ACTION = /^actions\/setup-[a-z0-9-]+$/;

/** The purpose of a `uses:` step, from the action's name. */
export function actionPurpose(uses: string): StepPurpose {
  const name = uses.split('@')[0].trim().toLowerCase();
  if (DOCS_ACTIONS.has(name)) return 'docs';
  if (HOUSEKEEPING_ACTIONS.has(name)) return 'housekeeping';
  if (SETUP_ACTIONS.has(name) || SETUP_ACTION.test(name)) return 'setup';
  return 'other';
}

/** Programs that build or publish documentation. */
const DOCS_PROGRAMS = new Set([
  'mkdocs',
  'mike',
  'sphinx-build',
  'sphinx-apidoc',
  'sphinx-multiversion',
  'jupyter-book',
  'jb',
  'pdoc',
  'pdoc3',
  'portray',
  'ghp-import',
  'quarto',
]);

/** Python modules run with `python -m` that build documentation. */
const DOCS_MODULES = new Set(['mkdocs', 'sphinx', 'jupyter_book', 'pdoc']);

/** `make` targets of a Sphinx or docs Makefile. */
const DOCS_MAKE_TARGETS = new Set([
  'html',
  'dirhtml',
  'singlehtml',
  'docs',
  'doc',
  'gh-pages',
]);

/** Programs that prepare a run or move files around, checking nothing. */
const SETUP_PROGRAMS = new Set([
  'pip',
  'pip3',
  'pipx',
  'conda',
  'mamba',
  'micromamba',
  'apt',
  'apt-get',
  'brew',
  'echo',
  'printf',
  'cd',
  'pushd',
  'popd',
  'export',
  'set',
  'git',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'touch',
  'ls',
  'pwd',
  'cat',
  'true',
]);

/** `uv pip install`, `poetry install`, `npm ci`: installing, not checking (`npm test` is a check). */
const INSTALL_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  uv: new Set(['pip', 'sync', 'venv']),
  poetry: new Set(['install', 'config']),
  pdm: new Set(['install', 'sync']),
  npm: new Set(['install', 'ci', 'i']),
  yarn: new Set(['install']),
};

function isPython(word: string): boolean {
  return /^python(?:\d(?:\.\d+)?)?$/.test(word);
}

/** The purpose of one shell command of a `run:` step. */
export function commandPurpose(command: ShellCommand): StepPurpose {
  const words = command.words;
  const program = (words[0] ?? '').replace(/^.*\//, '');
  if (program === '') return 'setup';
  if (DOCS_PROGRAMS.has(program)) return 'docs';
  if (isPython(program) && words[1] === '-m') {
    const module = words[2] ?? '';
    if (DOCS_MODULES.has(module)) return 'docs';
    if (module === 'pip') return 'setup';
    return 'other';
  }
  if (program === 'make') {
    const targets = makeTargets(words.slice(1));
    if (targets.length > 0 && targets.every(t => DOCS_MAKE_TARGETS.has(t)))
      return 'docs';
    return 'other';
  }
  if (INSTALL_SUBCOMMANDS[program]?.has(words[1] ?? '')) return 'setup';
  if (SETUP_PROGRAMS.has(program)) return 'setup';
  return 'other';
}

/** The targets of a `make` command line (options and their values left out). */
function makeTargets(args: string[]): string[] {
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-C' || arg === '-f' || arg === '--directory') i++;
    else if (!arg.startsWith('-') && !arg.includes('=')) targets.push(arg);
  }
  return targets;
}

/** The purpose of a whole step from its parts: any `other` part makes it `other`. */
export function combinedPurpose(parts: StepPurpose[]): StepPurpose {
  if (parts.includes('other')) return 'other';
  if (parts.includes('docs')) return 'docs';
  if (parts.includes('housekeeping')) return 'housekeeping';
  return 'setup';
}

function escaped(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Text that may name a documentation or housekeeping step: one of the
 * actions, programs or modules above as a word, or `make` and one of the
 * documentation targets. Without either, no step of the workflow can be
 * one and the workflow is not parsed for them. An alternation of
 * literals: linear in the text.
 */
export const MAY_NAME_DOCS_OR_HOUSEKEEPING = new RegExp(
  `\\b(?:${[
    ...DOCS_ACTIONS,
    ...HOUSEKEEPING_ACTIONS,
    ...DOCS_PROGRAMS,
    ...DOCS_MODULES,
  ]
    .sort((a, b) => b.length - a.length)
    .map(escaped)
    .join('|')})\\b`,
  'i',
);
const MAKE = /\bmake\b/;
/** `DOCS_MAKE_TARGETS` as words. */
const MAKE_TARGETS = /\b(?:singlehtml|dirhtml|gh-pages|html|docs|doc)\b/i;

/** Can any step of this workflow text build documentation or tend the repository? */
export function mayNameDocsOrHousekeeping(text: string): boolean {
  return (
    MAY_NAME_DOCS_OR_HOUSEKEEPING.test(text) ||
    (MAKE.test(text) && MAKE_TARGETS.test(text))
  );
}

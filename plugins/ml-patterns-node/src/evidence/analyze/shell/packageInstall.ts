/**
 * A package manager installing packages (`pip install <wheel URL>`,
 * `python -m pip install`, `uv pip install`, `conda install`, `apt-get
 * install`): it puts libraries into the image, not a model, wherever the
 * packages are hosted (a wheel kept on the Hugging Face Hub is still a
 * wheel). A model shipped as a Python package (a spaCy pipeline) is put in
 * by such an install too, but it counts only when the code loads it by
 * the package's name: `docker/installedModelPackages.ts` reads that.
 */

const baseName = (word: string) => word.replace(/^.*\//, '');

const isPython = (word: string) => /^python[0-9.]*$/.test(baseName(word));

/** Programs and their subcommands that install packages. */
const INSTALLERS: Record<string, ReadonlySet<string>> = {
  pip: new Set(['install', 'download', 'wheel']),
  pipx: new Set(['install', 'inject']),
  conda: new Set(['install', 'create']),
  mamba: new Set(['install', 'create']),
  micromamba: new Set(['install', 'create']),
  poetry: new Set(['add', 'install']),
  'apt-get': new Set(['install']),
  apt: new Set(['install']),
  apk: new Set(['add']),
  yum: new Set(['install']),
  dnf: new Set(['install']),
};

/** The first word after the program's options (`pip -q install` → `install`). */
const subcommand = (words: string[], from: number) =>
  words.slice(from).find(word => !word.startsWith('-'));

/** Whether a simple command (its words, quotes removed) installs packages. */
export function installsPackages(words: string[]): boolean {
  if (words.length < 2) return false;
  let program = baseName(words[0]);
  let rest = 1;
  // `python -m pip install …`
  if (isPython(words[0]) && words[1] === '-m' && words[2]) {
    program = words[2];
    rest = 3;
  }
  // `uv pip install …`, `uv add …`
  if (program === 'uv') {
    const sub = subcommand(words, rest);
    if (sub === 'add') return true;
    if (sub !== 'pip') return false;
    program = 'pip';
    rest = words.indexOf('pip', rest) + 1;
  }
  // `pip3`, `pip3.11`
  if (/^pip[0-9.]*$/.test(program)) program = 'pip';
  const installs = INSTALLERS[program];
  const sub = installs ? subcommand(words, rest) : undefined;
  return sub !== undefined && installs.has(sub);
}

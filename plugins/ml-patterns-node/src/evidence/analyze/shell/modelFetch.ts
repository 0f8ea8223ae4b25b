import { findModelDownload } from '../modelDownloads';
import { installsPackages } from './packageInstall';
import { ShellCommand } from './shellScript';

/**
 * Does one simple command fetch a model, and where to? The tools and the
 * "does it say model" test are those of `modelDownloads.ts`, applied to
 * this command alone (not to the `&&`-chain around it); destinations and
 * hub ids are read from the command's own arguments.
 */
export interface ModelFetch {
  /** e.g. `aws s3 cp of a model`, `huggingface-cli download`. */
  description: string;
  /** Where the command writes, as written (`-o x`, `--local-dir x`, last argument of `cp`). */
  destinations: string[];
  /** Hugging Face hub ids the command names (`hf download org/name`, `from_pretrained('org/name')`). */
  hubIds: string[];
}

/** `python`, `python3.11`, `/usr/bin/python3`. */
export function isPython(word: string | undefined): boolean {
  return (
    word !== undefined && /^python[0-9.]*$/.test(word.replace(/^.*\//, ''))
  );
}

const toolName = (word: string) => word.replace(/^.*\//, '');

/** Commands that print their arguments. */
const PRINTERS = new Set(['echo', 'printf']);

/** Options naming where a fetch writes. */
const DESTINATION_OPTIONS = new Set([
  '-o',
  '-O',
  '--output',
  '--output-document',
  '-P',
  '--directory-prefix',
  '--local-dir',
  '--local_dir',
  '--cache-dir',
  '--dest',
  '--destination',
  '--output-dir',
  '--out',
]);

/** Copy tools whose last positional argument is the destination. */
const COPY_TOOLS: Array<(words: string[]) => boolean> = [
  w => toolName(w[0]) === 'gsutil',
  w => toolName(w[0]) === 'gcloud' && w[1] === 'storage',
  w => toolName(w[0]) === 'aws' && w[1] === 's3',
  w => toolName(w[0]) === 'azcopy',
  w => toolName(w[0]) === 'rclone',
  w => toolName(w[0]) === 'mc',
];

function destinations(command: ShellCommand): string[] {
  const words = command.words;
  const found: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const eq = word.indexOf('=');
    const option = eq > 0 ? word.slice(0, eq) : word;
    if (DESTINATION_OPTIONS.has(option)) {
      const value = eq > 0 ? word.slice(eq + 1) : words[i + 1];
      if (value !== undefined) found.push(value);
      if (eq < 0) i++;
    }
  }
  for (const redirect of command.redirects) {
    if (redirect.op === '>' || redirect.op === '>>')
      found.push(redirect.target);
  }
  if (COPY_TOOLS.some(test => test(words))) {
    const positional = words.slice(1).filter(w => !w.startsWith('-'));
    const last = positional[positional.length - 1];
    if (last && positional.length >= 3 && !/^[a-z0-9]+:\/\//i.test(last))
      found.push(last);
  }
  return found;
}

/** First path segments that make `x/y` a local folder, not a hub organisation. */
const LOCAL_FOLDER =
  /^(models?|weights?|checkpoints?|ckpts?|artifacts?|data|datasets?|src|app|output|outputs|tmp|mnt|opt|home|workspace|cache|\.cache|model[_-]\w+|saved[_-]?models?)$/i;

/**
 * A Hugging Face hub id (`org/name`, `meta-llama/Llama-3.1-8B`): two
 * segments, no file extension, and an organisation that is not a usual
 * local folder name (`models/bert` is a folder).
 */
export function isHubId(value: string): boolean {
  const match = /^([A-Za-z0-9][\w.-]*)\/([\w.-]+)$/.exec(value);
  return (
    match !== null &&
    !LOCAL_FOLDER.test(match[1]) &&
    !/\.[A-Za-z]{2,12}$/.test(match[2])
  );
}

const HUB_ID_IN_CODE =
  /(?:from_pretrained|snapshot_download|hf_hub_download|SentenceTransformer|CrossEncoder|pipeline)\s*\(\s*(?:[\w]+\s*=\s*)?["']([^"'\s]{1,200})["']/g;

/** Where Python code saves or caches what it fetches (`save_pretrained('/export')`, `local_dir='/m'`). */
const CODE_DESTINATION =
  /(?:save_pretrained\(\s*|\b(?:local_dir|cache_dir|cache_folder)\s*=\s*)["']([^"'\s]{1,300})["']/g;

/** Hub ids named by a `python -c` one-liner or a `hf download` command. */
function hubIds(words: string[], code: string | undefined): string[] {
  const ids: string[] = [];
  const tool = toolName(words[0]);
  if (
    (tool === 'huggingface-cli' || tool === 'hf') &&
    words[1] === 'download'
  ) {
    const id = words.slice(2).find(w => !w.startsWith('-'));
    if (id) ids.push(id);
  }
  if (code) {
    for (const match of code.matchAll(HUB_ID_IN_CODE)) {
      if (!match[1].startsWith('/') && !match[1].startsWith('.'))
        ids.push(match[1]);
    }
  }
  return ids;
}

/**
 * A `python -c` one-liner that builds a model object from a name held in a
 * model-naming environment variable (`EasyNMT(os.getenv('EASYNMT_MODEL'))`)
 * runs only to fetch that model: the process exits right after.
 */
const ONE_LINER_MODEL_FROM_ENV =
  /\b(?:os\.)?(?:getenv|environ\.get|environ\[)\s*(?:\(\s*)?["'][A-Z0-9_]*(?:MODEL|WEIGHTS|CHECKPOINT)[A-Z0-9_]*["']/;

/** The code of `python -c '…'`, when the command is one. */
export function pythonOneLiner(words: string[]): string | undefined {
  if (!isPython(words[0])) return undefined;
  const flag = words.indexOf('-c');
  return flag > 0 ? words[flag + 1] : undefined;
}

const LOCAL_HOST =
  /^(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?:[:/?]|$)/i;

/**
 * `curl localhost:8501/v1/models/ranker` waits for (or talks to) a server
 * in the same container: a request, not a download.
 */
function callsOnlyLocalhost(words: string[]): boolean {
  const tool = toolName(words[0]);
  if (tool !== 'curl' && tool !== 'wget') return false;
  const targets = words
    .slice(1)
    .filter(w =>
      /^(?:https?:\/\/|localhost|127\.|0\.0\.0\.0|\[::1\])/i.test(w),
    );
  return targets.length > 0 && targets.every(w => LOCAL_HOST.test(w));
}

/** Does this command fetch a model? (`lenient`: any storage/HTTP fetch counts, as for init containers.) */
export function commandFetchesModel(
  command: ShellCommand,
  options: { lenient?: boolean } = {},
): ModelFetch | undefined {
  const words = command.words;
  if (words.length === 0 || callsOnlyLocalhost(words)) return undefined;
  // `echo 'python download.py' > /start.sh` writes text; it fetches nothing.
  if (PRINTERS.has(toolName(words[0]))) return undefined;
  // `pip install https://huggingface.co/…/lib.whl` installs a library.
  if (installsPackages(words)) return undefined;
  const code = pythonOneLiner(words);
  // Judge this command alone: its words and where it writes.
  const text = [
    ...words,
    ...command.redirects.map(r => `${r.op} ${r.target}`),
  ].join(' ');
  let found = findModelDownload(code ?? text, options);
  if (!found && code !== undefined && ONE_LINER_MODEL_FROM_ENV.test(code)) {
    found = {
      description:
        'python -c building the model named by an environment variable (fetches it)',
    };
  }
  if (!found) return undefined;
  const written = destinations(command);
  if (code !== undefined)
    for (const match of code.matchAll(CODE_DESTINATION)) written.push(match[1]);
  return {
    description: found.description,
    destinations: written,
    hubIds: hubIds(words, code),
  };
}

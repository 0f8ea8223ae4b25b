import { SourceLine } from '../../types';
import { ParsedStage, workdirAt } from '../dockerfile';
import { baseName, extensionOf } from '../paths';
import { commandFetchesModel } from '../shell/modelFetch';
import { serverStart } from '../shell/serverStart';
import { parseShellScript, ShellCommand } from '../shell/shellScript';
import { torchServeRegistration } from '../shell/torchServeRegistration';
import { torchServeWorkflowRegistration } from '../shell/torchServeWorkflow';
import { wordValue } from '../shell/wordValue';
import { LocatedCommand } from './imageCommands';

/**
 * How many models the image's server loads, read from how it is started:
 * TorchServe `--models a=a.mar b=b.mar` (or `all`: every archive in the
 * model store), models registered one by one through TorchServe's
 * management API (often in a loop over the store), Triton's explicit
 * `--load-model`s. The model store's archives are those the image holds
 * (copied, packed or fetched during the build) and those the start script
 * fetches into it.
 */
export interface ServedModels {
  /** The start command or registration that decides what is loaded. */
  at: SourceLine & { note: string };
  /** One entry per model, at the line that names or brings it. */
  models: Array<SourceLine & { name: string; note: string; several?: true }>;
}

/** A model archive in the model store, and where it came from. */
export interface StoreArchive extends SourceLine {
  /** The archive's file name (`bert.mar`). */
  name: string;
  /** Image folder holding it. */
  dir: string;
}

export interface ServedContext {
  stage: ParsedStage;
  located: LocatedCommand[];
  /** Archives the image holds (copied, packed or fetched at build). */
  imageArchives: StoreArchive[];
  lookup(name: string): string | undefined;
}

const DEFAULT_TORCHSERVE_STORE = '/home/model-server/model-store';

const normalise = (path: string) =>
  path.replace(/(?<!\/)\/+$/, '').replace(/\/\.$/, '') || '/';

const absolute = (path: string, cwd: string) =>
  normalise(
    path.startsWith('/')
      ? path
      : `${cwd.replace(/(?<!\/)\/+$/, '')}/${path.replace(/^\.\/?/, '')}`,
  );

/** `name=file.mar` → `name`; `file.mar` / `https://…/file.mar` → `file`. */
function modelName(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq > 0 && !entry.slice(0, eq).includes('/')) return entry.slice(0, eq);
  return baseName(entry.split('?')[0]).replace(/\.mar$/, '');
}

/** Archives fetched into a folder by the start commands. */
function fetchedArchives(
  located: LocatedCommand[],
  cwd: string,
): StoreArchive[] {
  const found: StoreArchive[] = [];
  for (const { command, path } of located) {
    const fetch = commandFetchesModel(command);
    if (!fetch) continue;
    for (const destination of fetch.destinations) {
      if (extensionOf(destination) !== '.mar' || destination.includes('$'))
        continue;
      const full = absolute(destination, cwd);
      found.push({
        path,
        line: command.line,
        name: baseName(full),
        dir: full.slice(0, full.lastIndexOf('/')) || '/',
      });
    }
  }
  return found;
}

/** The folder a registration loop or `xargs` walks (`for f in /store/*.mar`, `ls /store | xargs`). */
function walkedFolder(
  command: ShellCommand,
  located: LocatedCommand[],
  cwd: string,
): string | undefined {
  const listing = (words: string[]) =>
    words[0] === 'ls' || words[0] === 'find'
      ? words.slice(1).find(w => !w.startsWith('-'))
      : undefined;
  if (command.xargs && command.pipedFrom) {
    let source = command.pipedFrom;
    // `ls store > list.txt` … `cat list.txt | xargs …`
    if (source.words[0] === 'cat' && source.words[1]) {
      const file = source.words[1];
      const writer = located.find(l =>
        l.command.redirects.some(r => r.target === file),
      );
      if (writer) source = writer.command;
    }
    const dir = listing(source.words);
    return dir ? absolute(dir, cwd) : undefined;
  }
  const loop = command.loops[command.loops.length - 1];
  if (!loop) return undefined;
  for (const item of loop.items) {
    const inner = /^\$\((.*)\)$/s.exec(item)?.[1];
    if (inner) {
      const dir = listing(inner.trim().split(/\s+/));
      if (dir) return absolute(dir, cwd);
    }
    if (item.includes('*'))
      return absolute(item.slice(0, item.lastIndexOf('/') + 1) || '.', cwd);
  }
  return undefined;
}

/** A word with a loop variable's references (`$m`, `${m}`) replaced by an item. */
function withItem(word: string, variable: string, item: string): string {
  const braced = word.split(`\${${variable}}`).join(item);
  const parts = braced.split(`$${variable}`);
  // `$m` but not `$model`: what follows the name must not extend it.
  return parts.reduce((out, part) =>
    /^\w/.test(part) ? `${out}$${variable}${part}` : `${out}${item}${part}`,
  );
}

/** Commands that write a word to the output: what a `$(…)` is replaced by. */
const PRINTERS = new Set(['echo', 'printf']);

/**
 * A `--models` entry written by a loop (`$(for m in $MODELS; do echo
 * $m=$m.mar; done)`): the entry the loop prints for each item, and the
 * items. The command substitution's commands are parsed with the nested
 * ones.
 */
function loopPrinted(
  entry: string,
): { printed: string; variable: string; items: string[] } | undefined {
  if (!entry.startsWith('$(') || !entry.endsWith(')')) return undefined;
  for (const command of parseShellScript(entry.slice(2, -1)).commands) {
    const loop = command.loops[command.loops.length - 1];
    if (!loop?.variable || !PRINTERS.has(command.words[0] ?? '')) continue;
    const printed = command.words
      .slice(1)
      .find(word => word.includes(`$${loop.variable}`));
    if (printed) return { printed, variable: loop.variable, items: loop.items };
  }
  return undefined;
}

export function servedModels(ctx: ServedContext): ServedModels | undefined {
  const models: ServedModels['models'] = [];
  let decided: ServedModels['at'] | undefined;
  let store: string | undefined;
  const cwd = workdirAt(ctx.stage, Infinity);
  const add = (name: string, at: SourceLine, note: string, several?: true) => {
    if (!models.some(m => m.name === name))
      models.push({ ...at, name, note, ...(several && { several }) });
  };
  const addArchives = (dir: string) => {
    const archives = [
      ...ctx.imageArchives,
      ...fetchedArchives(ctx.located, cwd),
    ].filter(a => normalise(a.dir) === normalise(dir));
    for (const archive of archives)
      add(
        archive.name.replace(/\.mar$/, ''),
        { path: archive.path, line: archive.line },
        `${archive.name} in the model store ${dir}`,
      );
  };
  for (const located of ctx.located) {
    const { command, path } = located;
    const here = { path, line: command.line };
    const start = serverStart(command);
    if (start?.server === 'torchserve') {
      const written = start.modelStore?.value;
      const value = written ? wordValue(written, ctx.lookup).value : undefined;
      store =
        value && !value.includes('$')
          ? absolute(value, cwd)
          : DEFAULT_TORCHSERVE_STORE;
      const listed = start.models ?? [];
      if (listed.includes('all')) {
        decided ??= {
          ...here,
          note: `torchserve --models all loads every archive in ${store}`,
        };
        addArchives(store);
      } else if (listed.length > 0) {
        decided ??= {
          ...here,
          note: `torchserve --models ${listed.join(' ')}`,
        };
        for (const entry of listed) {
          const looped = loopPrinted(entry);
          if (!looped) {
            add(modelName(entry), here, `torchserve --models ${entry}`);
            continue;
          }
          const { printed, variable, items } = looped;
          if (items.length > 0 && items.every(i => !/[*$`]/.test(i))) {
            // The loop's items are written out: one model each.
            for (const item of items) {
              const one = withItem(printed, variable, item);
              add(modelName(one), here, `torchserve --models ${one}`);
            }
          } else {
            // One model per item of a list given at build or start.
            add(
              modelName(printed),
              here,
              `torchserve --models ${printed} for every ${variable} in ${items.join(
                ' ',
              )}: one model per item`,
              true,
            );
          }
        }
      }
      continue;
    }
    if (
      start?.server === 'tritonserver' &&
      (start.loadModels?.length ?? 0) > 0 &&
      command.words.some(
        w => /^--model-control-mode=?explicit$/.test(w) || w === 'explicit',
      )
    ) {
      decided ??= {
        ...here,
        note: `tritonserver --load-model ${start.loadModels!.join(', ')}`,
      };
      for (const model of start.loadModels!)
        add(model, here, `tritonserver --load-model ${model}`);
      continue;
    }
    const workflow = torchServeWorkflowRegistration(command);
    if (workflow) {
      // The workflow's models are archives of the model store: all of them serve.
      const dir = store ?? DEFAULT_TORCHSERVE_STORE;
      decided ??= {
        ...here,
        note: `registers the workflow ${workflow} with TorchServe's management API, serving the archives in ${dir}`,
      };
      addArchives(dir);
      continue;
    }
    const registration = torchServeRegistration(command);
    if (!registration) continue;
    const url = registration.url;
    const loop = command.loops[command.loops.length - 1];
    const replace = command.xargs?.replace;
    const variable =
      url.includes('$') || (replace !== undefined && url.includes(replace));
    if (!variable) {
      decided ??= {
        ...here,
        note: `registers ${url} with TorchServe's management API`,
      };
      add(
        modelName(url),
        here,
        `registers ${url} with TorchServe's management API`,
      );
      continue;
    }
    if (
      loop?.variable &&
      url.includes(`$${loop.variable}`) &&
      loop.items.length > 0 &&
      loop.items.every(i => !/[*$]/.test(i))
    ) {
      decided ??= {
        ...here,
        note: `registers ${loop.items.join(
          ', ',
        )} with TorchServe's management API`,
      };
      for (const item of loop.items)
        add(modelName(item), { path, line: loop.line }, `registers ${item}`);
      continue;
    }
    const dir =
      walkedFolder(command, ctx.located, cwd) ??
      store ??
      DEFAULT_TORCHSERVE_STORE;
    decided ??= {
      ...here,
      note: `registers every archive in ${dir} with TorchServe's management API`,
    };
    addArchives(dir);
  }
  if (!decided || models.length === 0) return undefined;
  return { at: decided, models };
}

import { ParsedStage, workdirAt } from '../dockerfile';
import { commandFetchesModel, pythonOneLiner } from '../shell/modelFetch';
import { ShellCommand } from '../shell/shellScript';
import {
  LocatedCommand,
  pythonScriptOf,
  runCommands,
  ImageView,
} from './imageCommands';
import { libraryOf } from '../python/scriptHubLoads';
import { pretrainedLibraries } from '../python/pretrainedLibraries';
import { pythonScriptFetch } from './pythonScriptFetch';
import { fetchedLoadedFile } from './fetchedLoadedFile';
import { baseName } from '../paths';
import type { BuiltImage } from './BuiltImage';

/**
 * Models a stage gets while it is built (Model-in-image): a RUN step that
 * fetches one (curl, wget, gsutil, `aws s3 cp`, `hf download`, a
 * `python -c` loading from the hub, a Python or shell script of the
 * repository that does), or packs one with `torch-model-archiver`.
 */
export interface BuildFetch {
  /** The RUN instruction's line in the Dockerfile. */
  line: number;
  /** What happens, naming the script file:line when a script does it. */
  description: string;
  /** Image paths written, when the commands say. */
  destinations: string[];
  /** Hub ids fetched, when written as literals. */
  hubIds: string[];
  /** The repository's Python script that fetches (its model loads run at build time). */
  script?: string;
  /** Libraries whose hub the script fetches from: their caches in the image hold what it fetched. */
  libraries?: string[];
}

const absolute = (path: string, cwd: string) =>
  path.startsWith('/')
    ? path
    : `${cwd.replace(/(?<!\/)\/+$/, '')}/${path.replace(/^\.\//, '')}`;

/** `torch-model-archiver --model-name x --serialized-file m.pt --export-path store`. */
function archiver(
  command: ShellCommand,
): { name?: string; serialized?: string; exportPath?: string } | undefined {
  if (command.words[0]?.replace(/^.*\//, '') !== 'torch-model-archiver')
    return undefined;
  const value = (option: string) => {
    const words = command.words;
    for (let i = 0; i < words.length; i++) {
      if (words[i] === option) return words[i + 1];
      if (words[i].startsWith(`${option}=`))
        return words[i].slice(option.length + 1);
    }
    return undefined;
  };
  return {
    name: value('--model-name'),
    serialized: value('--serialized-file'),
    exportPath: value('--export-path'),
  };
}

function where(located: LocatedCommand, view: ImageView): string {
  return located.path === view.path
    ? ''
    : ` (${located.path}:${located.command.line})`;
}

/**
 * Words without which a RUN step fetches nothing we can tell: most steps
 * (`apt-get install`, `pip install`, `mkdir`) are not parsed at all. A
 * Python file named (`.py`) is a script run, maybe through a runner
 * (`uv run fetch.py`) that names no interpreter.
 */
const MAY_FETCH =
  /\b(?:curl|wget|gsutil|gcloud|aws|az|azcopy|rclone|mc|dvc|git|huggingface-cli|hf|python[0-9.]*|bash|sh|zsh|dash|source|torch-model-archiver|ollama|pget|spacy|mlflow|make)\b|\.sh\b|\.py\b|\.\/|https?:\/\//;

/** A download of an archive named like a file the served code loads. */
function loadedFileFetch(
  command: ShellCommand,
  view: ImageView,
):
  | { description: string; destinations: string[]; hubIds: string[] }
  | undefined {
  const fetched = fetchedLoadedFile(command, view.loadedStems?.() ?? new Set());
  return fetched === undefined
    ? undefined
    : {
        description: `${baseName(
          command.words[0],
        )} ${fetched}, named like a file the server loads`,
        destinations: [],
        hubIds: [],
      };
}

/**
 * `python -c "from faster_whisper import WhisperModel; WhisperModel('medium')"`:
 * inline code building a model from a hub library, read on its syntax tree
 * (the loader catalog says which calls fetch from a hub). Run in the build,
 * it fills that library's cache in the image.
 */
function inlineHubFetch(
  view: ImageView,
  located: LocatedCommand,
  runLine: number,
): Omit<BuildFetch, 'line'> | undefined {
  const code = pythonOneLiner(located.command.words);
  if (code === undefined) return undefined;
  // Named where it is written: the RUN step, or the script's line.
  const name =
    located.path === view.path
      ? `${view.path}:${runLine}`
      : `${located.path}:${located.command.line}`;
  const loads = view.scriptHubLoads(name, code);
  if (loads.length === 0) return undefined;
  const libraries = [...new Set(loads.map(l => libraryOf(l.call)))];
  return {
    description: `python -c builds a model from the ${libraries.join(
      ', ',
    )} hub (${loads[0].call}${
      loads[0].ids.length ? ` ${loads[0].ids.join(', ')}` : ''
    })${where(located, view)}`,
    destinations: [],
    hubIds: [...new Set(loads.flatMap(l => l.ids))],
    libraries,
  };
}

/** The model fetches of one RUN step. */
export function runFetches(
  view: ImageView & Pick<BuiltImage, 'substitute'>,
  stage: ParsedStage,
  run: { command: string; line: number },
): BuildFetch[] {
  const found: BuildFetch[] = [];
  if (!MAY_FETCH.test(stage.rawArguments.get(run.line)?.text ?? run.command))
    return found;
  let cwd = workdirAt(stage, run.line);
  for (const located of runCommands(view, stage, run)) {
    const { command } = located;
    if (
      command.words[0] === 'cd' &&
      command.words[1] &&
      !command.words[1].includes('$')
    ) {
      cwd = absolute(command.words[1], cwd);
      continue;
    }
    const script = pythonScriptOf(command);
    const scriptPath = script
      ? view.repoPathOf(stage, script, run.line)
      : undefined;
    const scriptText = scriptPath ? view.textOf(scriptPath) : undefined;
    if (scriptPath && scriptText !== undefined) {
      // The script is in the repository: what it does decides; its name
      // (`download_model.py`) only when its code uses a loader we do not know.
      const fetch = pythonScriptFetch(scriptText);
      const hubLoads = view.scriptHubLoads(scriptPath);
      const libraries = [
        ...new Set([
          ...hubLoads.map(l => libraryOf(l.call)),
          ...(fetch ? pretrainedLibraries(scriptPath, scriptText) : []),
        ]),
      ];
      const named = !fetch && !hubLoads.length && commandFetchesModel(command);
      if (fetch)
        found.push({
          line: run.line,
          description: `runs ${scriptPath}, which fetches a model (${scriptPath}:${fetch.line}: ${fetch.description})`,
          destinations: [],
          hubIds: fetch.models,
          script: scriptPath,
          ...(libraries.length && { libraries }),
        });
      else if (hubLoads.length)
        // Read on the syntax tree, through the modules the script imports.
        found.push({
          line: run.line,
          description: `runs ${scriptPath}, which fetches from the ${libraries.join(
            ', ',
          )} hub (${hubLoads[0].path}:${hubLoads[0].line}: ${
            hubLoads[0].call
          })`,
          destinations: [],
          hubIds: [...new Set(hubLoads.flatMap(l => l.ids))],
          script: scriptPath,
          libraries,
        });
      else if (named)
        found.push({
          line: run.line,
          description: `runs ${scriptPath}, whose name says it fetches a model`,
          destinations: [],
          hubIds: [],
          script: scriptPath,
        });
      continue;
    }
    const pack = archiver(command);
    if (pack) {
      const store = absolute(pack.exportPath ?? '.', cwd);
      found.push({
        line: run.line,
        description: `torch-model-archiver packs ${
          pack.serialized ?? 'a model'
        } into ${store}/${pack.name ?? '*'}.mar${where(located, view)}`,
        destinations: [store],
        hubIds: [],
      });
      continue;
    }
    const fetch =
      commandFetchesModel(command) ?? loadedFileFetch(command, view);
    if (!fetch) {
      const inline = inlineHubFetch(view, located, run.line);
      if (inline) found.push({ line: run.line, ...inline });
      continue;
    }
    const dir = cwd;
    found.push({
      line: run.line,
      description: `${fetch.description}${where(located, view)}`,
      destinations: fetch.destinations
        .filter(d => !d.includes('$'))
        .map(d => absolute(d, dir)),
      // `hf download $MODEL_NAME`: the ENV/ARG value the step sees.
      hubIds: fetch.hubIds
        .map(id =>
          id.includes('$') ? view.substitute(stage, id, run.line).value : id,
        )
        .filter(id => !id.includes('$')),
    });
  }
  return found;
}

import { SourceLine } from '../../types';
import { ParsedStage } from '../dockerfile';
import { expandWord } from '../shell/expandWord';
import { commandFetchesModel, isHubId } from '../shell/modelFetch';
import { serverStart, ServerStart } from '../shell/serverStart';
import { parseShellScript, ShellCommand } from '../shell/shellScript';
import { torchServeRegistration } from '../shell/torchServeRegistration';
import { wordValue } from '../shell/wordValue';
import { baseName, dirName, joinPath } from '../paths';
import { childPythonScripts } from '../python/childPythonScripts';
import { ImageView, LocatedCommand, pythonScriptOf } from './imageCommands';
import { ModelServerImage } from './modelServerImage';
import { platformFilledStart } from './platformFilledStart';
import { pythonScriptFetch, ScriptFetch } from './pythonScriptFetch';

/**
 * Models an image fetches when it starts (Model-load): its start command
 * or start script downloads one before (or while) starting the server, or
 * starts a server with a hub id, which the server downloads (vLLM
 * `--model org/name`, TGI `--model-id`, `MODEL_ID` for the TGI image).
 */
export type StartFetch = SourceLine & { description: string };

export interface StartContext {
  view: ImageView;
  stage: ParsedStage;
  located: LocatedCommand[];
  /** The model server the base image runs when the command gives only its arguments. */
  imageServer?: ModelServerImage;
  /** Looks a variable up in the image's ENV/ARG. */
  lookup(name: string): string | undefined;
  /** Hub loads read the image: HF_HUB_OFFLINE, or the hub id was fetched at build. */
  hubServedFromImage(id: string | undefined): boolean;
  /** Whether the image's build puts a model file of this name in it (see `builtFileNames`). */
  builtInImage?(fileName: string): boolean;
}

/** Servers that download a hub id given as their model. */
const HUB_SERVERS = new Set([
  'vllm',
  'text-generation-inference',
  'text-embeddings-inference',
  'sglang',
  'kserve-huggingfaceserver',
]);

/** The launcher of a model-server image, for a command that is only its arguments. */
const IMAGE_LAUNCHERS: Record<string, string[]> = {
  vllm: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
  'text-generation-inference': ['text-generation-launcher'],
  'text-embeddings-inference': ['text-embeddings-router'],
  sglang: ['python3', '-m', 'sglang.launch_server'],
};

const REMOTE = /^(?:s3|gs|gcs|as|az|https?|hf|models|runs):\/\//i;
const MLFLOW_REMOTE =
  /^(?:models|runs):\/|^(?:s3|gs|wasbs?|abfss?|dbfs|https?):\/\//i;

const shown = (command: ShellCommand) => {
  const text = command.words.join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

function at(located: LocatedCommand): SourceLine {
  return { path: located.path, line: located.command.line };
}

/** A server start's model fetch: hub ids for hub servers, remote stores for the others. */
function serverFetch(
  start: ServerStart,
  ctx: Pick<StartContext, 'lookup' | 'hubServedFromImage'>,
): string | undefined {
  if (start.model && HUB_SERVERS.has(start.server)) {
    const written = start.model.value;
    const { value, variable } = wordValue(written, ctx.lookup);
    const known = value !== undefined && value !== '' && !value.includes('$');
    if (known && (value.startsWith('/') || value.startsWith('.')))
      return undefined;
    if (known && !isHubId(value) && !/^[\w.-]+$/.test(value)) return undefined;
    if (ctx.hubServedFromImage(known ? value : undefined)) return undefined;
    if (!known && !variable) return undefined;
    // `$MODEL_PATH`, `$MODEL_DIR`: a folder the deployment mounts, not a hub id.
    if (!known && /PATH|DIR|FOLDER|FILE/i.test(variable ?? ''))
      return undefined;
    return `${start.server} downloads ${
      known ? value : `the model named by $${variable}`
    } from the Hugging Face hub when it starts (${
      start.model.option
    } ${written})`;
  }
  if (start.server === 'mlflow' && start.model) {
    const { value } = wordValue(start.model.value, ctx.lookup);
    if (value && MLFLOW_REMOTE.test(value))
      return `mlflow models serve fetches ${start.model.value} when it starts`;
  }
  if (start.modelStore) {
    const { value } = wordValue(start.modelStore.value, ctx.lookup);
    if (value && REMOTE.test(value))
      return `${start.server} reads its models from ${start.modelStore.value} when it starts`;
  }
  const remoteArchive = start.models?.find(m =>
    REMOTE.test(m.replace(/^[\w.-]+=/, '')),
  );
  if (remoteArchive)
    return `${start.server} downloads ${remoteArchive} when it starts`;
  return undefined;
}

export function startFetches(ctx: StartContext): StartFetch[] {
  const found: StartFetch[] = [];
  for (let index = 0; index < ctx.located.length; index++) {
    const located = ctx.located[index];
    // A download run only when the file is missing, of a file the build put there: a fallback.
    if (filledByBuild(located, ctx)) continue;
    let command = located.command;
    if (index === 0 && ctx.imageServer && command.words[0]?.startsWith('-')) {
      const launcher = IMAGE_LAUNCHERS[ctx.imageServer.server];
      if (launcher)
        command = { ...command, words: [...launcher, ...command.words] };
    }
    const start = serverStart(command);
    if (start) {
      // (An image of a stock model server is told apart by what its build
      // puts where the server reads models: `modelsSuppliedAtStart`.)
      const description =
        serverFetch(start, ctx) ??
        (ctx.imageServer
          ? undefined
          : platformFilledStart(start, ctx.stage, ctx.lookup));
      if (description) found.push({ ...at(located), description });
      continue;
    }
    const registration = torchServeRegistration(command);
    if (registration) {
      // Registering an archive of the model store loads it; a URL is fetched.
      if (/^https?:\/\//i.test(registration.url))
        found.push({
          ...at(located),
          description: `TorchServe downloads ${registration.url} when the start script registers it`,
        });
      continue;
    }
    const script = pythonScriptOf(command);
    const scriptPath = script
      ? ctx.view.repoPathOf(ctx.stage, script, command.line)
      : undefined;
    const scriptText = scriptPath ? ctx.view.textOf(scriptPath) : undefined;
    if (scriptPath && scriptText !== undefined) {
      const own = pythonScriptFetch(scriptText);
      const fetch: (ScriptFetch & { path?: string }) | undefined =
        own ?? childScriptFetch(scriptPath, scriptText, ctx);
      if (fetch)
        found.push({
          path: fetch.path ?? scriptPath,
          line: fetch.line,
          description: `${fetch.description} in ${
            fetch.path ?? scriptPath
          }, run at start by ${located.path}:${command.line}`,
        });
      else if (commandFetchesModel(command))
        found.push({
          ...at(located),
          description: `runs ${scriptPath} at start, whose name says it fetches a model`,
        });
      continue;
    }
    const fetch = commandFetchesModel(command);
    if (fetch)
      found.push({
        ...at(located),
        description: `${fetch.description}: ${shown(command)}`,
      });
  }
  return found;
}

/**
 * A Python start script that runs another Python script in a child process
 * before it starts the server (`subprocess.run([sys.executable,
 * "precache.py"])`): that script's fetch is made at start. The child's path
 * is read from the start script's folder, where such scripts sit.
 */
function childScriptFetch(
  scriptPath: string,
  scriptText: string,
  ctx: StartContext,
): (ScriptFetch & { path: string }) | undefined {
  for (const child of childPythonScripts(scriptPath, scriptText)) {
    const path = joinPath(dirName(scriptPath), child.script);
    const text = path === undefined ? undefined : ctx.view.textOf(path);
    const fetch = text === undefined ? undefined : pythonScriptFetch(text);
    if (path !== undefined && fetch)
      return {
        ...fetch,
        path,
        description: `${fetch.description} (run by ${scriptPath}:${child.line})`,
      };
  }
  return undefined;
}

/** The image's own server started with a hub id in `MODEL_ID` (TGI/TEI images read it at start). */
export function imageEnvFetch(
  imageServer: ModelServerImage | undefined,
  stage: ParsedStage,
  path: string,
  hubServedFromImage: (id: string | undefined) => boolean,
): StartFetch | undefined {
  if (!imageServer || !HUB_SERVERS.has(imageServer.server)) return undefined;
  const env = [...stage.env]
    .reverse()
    .find(e => e.name === 'MODEL_ID' || e.name === 'MODEL_NAME');
  if (!env || !isHubId(env.value) || hubServedFromImage(env.value))
    return undefined;
  return {
    path,
    line: env.line,
    description: `${imageServer.server} downloads ${env.value} (${env.name}) from the Hugging Face hub when it starts`,
  };
}

/** The command runs only when a file is missing that the image's build already holds. */
function filledByBuild(located: LocatedCommand, ctx: StartContext): boolean {
  const guard = located.command.onlyIfMissing;
  if (!guard || !ctx.builtInImage) return false;
  const path = expandWord(
    guard,
    name => scriptVariable(located, name, ctx) ?? ctx.lookup(name),
  );
  return path !== undefined && ctx.builtInImage(baseName(path));
}

/** A variable the script sets before the command (`MODEL_PATH=/app/m.gguf`), with the image's ENV put in. */
function scriptVariable(
  located: LocatedCommand,
  name: string,
  ctx: StartContext,
): string | undefined {
  if (located.path === ctx.view.path) return undefined;
  const text = ctx.view.textOf(located.path);
  if (text === undefined) return undefined;
  const set = parseShellScript(text)
    .variables.filter(v => v.name === name && v.line < located.command.line)
    .pop();
  return set && expandWord(set.value, ctx.lookup);
}

/**
 * What a command an image is started with fetches (`docker run IMAGE
 * mlflow models serve -m models:/m/1`, a compose `command:`): a server
 * started on a remote model or a hub id, or a download before it.
 */
export function commandStartFetch(
  command: ShellCommand,
  lookup: (name: string) => string | undefined,
): string | undefined {
  // `models:/${name}/${version}`: the script's variables put in where known.
  const expanded = {
    ...command,
    words: command.words.map(word => expandWord(word, lookup) ?? word),
  };
  const start = serverStart(expanded);
  if (start)
    return serverFetch(start, { lookup, hubServedFromImage: () => false });
  const fetch = commandFetchesModel(expanded);
  return fetch ? `${fetch.description}: ${shown(expanded)}` : undefined;
}

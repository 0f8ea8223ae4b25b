import { ContainerFacts } from '../../types';
import { commandWords, flagValues } from '../context/serverArguments';
import { TEMPLATE_PLACEHOLDER } from '../yamlDocuments';

/**
 * Text-generation and embedding servers (vLLM, TGI, TEI, llama.cpp,
 * SGLang, LMDeploy) are started with a model id and fetch that model
 * from the hub (or a remote URI) when they start, before they serve:
 * Model-load by the server itself. A local path (`/models/llama`) or an
 * offline hub (`HF_HUB_OFFLINE=1`) is a model already there.
 */

/** Images of such servers. */
const HUB_SERVER_IMAGE =
  /vllm|text-generation-inference|text-embeddings-inference|llama\.cpp|llama-cpp|sglang|lmdeploy/i;

interface ServerKind {
  name: string;
  /** Flags naming the model. */
  flags: string[];
  /** The model is the word after this one (`vllm serve MODEL`). */
  positionalAfter?: string;
  /** Env vars the server reads the model id from. */
  env: string[];
}

const VLLM: ServerKind = {
  name: 'vLLM',
  flags: ['--model'],
  positionalAfter: 'serve',
  env: [],
};
const TGI: ServerKind = {
  name: 'Text Generation Inference',
  flags: ['--model-id'],
  env: ['MODEL_ID'],
};
const TEI: ServerKind = {
  name: 'Text Embeddings Inference',
  flags: ['--model-id'],
  env: ['MODEL_ID'],
};
const LLAMA_CPP: ServerKind = {
  name: 'llama.cpp server',
  flags: ['-hf', '--hf-repo', '-hfr', '--model-url', '-mu'],
  env: ['LLAMA_ARG_HF_REPO', 'LLAMA_ARG_MODEL_URL'],
};
const SGLANG: ServerKind = {
  name: 'SGLang',
  flags: ['--model-path', '--model'],
  env: [],
};
const LMDEPLOY: ServerKind = {
  name: 'LMDeploy',
  flags: ['--model-path'],
  positionalAfter: 'api_server',
  env: [],
};
/** Env vars custom images of these servers commonly pass the model id in. */
const GENERIC_MODEL_ENV = ['MODEL_ID', 'HF_MODEL_ID', 'MODEL_NAME', 'MODEL'];

function serverKind(
  container: ContainerFacts,
  words: string[],
): ServerKind | undefined {
  const has = (test: (word: string) => boolean) => words.some(test);
  if (
    has(w => w === 'vllm' || w.endsWith('/vllm')) ||
    has(w => w.startsWith('vllm.entrypoints'))
  )
    return VLLM;
  if (has(w => w.endsWith('text-generation-launcher'))) return TGI;
  if (has(w => w.endsWith('text-embeddings-router'))) return TEI;
  if (has(w => w.endsWith('llama-server'))) return LLAMA_CPP;
  if (has(w => w.startsWith('sglang.launch_server'))) return SGLANG;
  if (has(w => w === 'lmdeploy')) return LMDEPLOY;
  const image = container.image?.toLowerCase() ?? '';
  if (!HUB_SERVER_IMAGE.test(image)) return undefined;
  if (image.includes('text-embeddings-inference')) return TEI;
  if (image.includes('text-generation-inference')) return TGI;
  if (image.includes('llama')) return LLAMA_CPP;
  if (image.includes('sglang')) return SGLANG;
  if (image.includes('lmdeploy')) return LMDEPLOY;
  return VLLM;
}

export interface HubModelStart {
  server: string;
  /** The flag, positional place or env var giving the model. */
  given: string;
  /** The value as written (may be a template or a variable). */
  value: string;
  /** What the download is: a hub id, a remote URI, or where the id comes from. */
  description: string;
  /** The variable or template naming the model, when not a literal. */
  configuredBy?: string;
  /** The value is a chart template, to be read from the chart's values. */
  templated: boolean;
}

/** `$VAR`, `${VAR}`, `${VAR:-default}`, `$(VAR)` → name and default. */
function variableOf(
  value: string,
): { name: string; fallback?: string } | undefined {
  if (!value.startsWith('$')) return undefined;
  let body = value.slice(1);
  if (body.startsWith('{') || body.startsWith('(')) body = body.slice(1, -1);
  const cut = body.search(/:?[-=]/);
  const name = cut < 0 ? body : body.slice(0, cut);
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const fallback =
    cut < 0 ? undefined : body.slice(cut).replace(/^:?[-=]/, '') || undefined;
  return { name, fallback };
}

function isLocalPath(value: string): boolean {
  return (
    value.startsWith('/') ||
    value.startsWith('./') ||
    value.startsWith('../') ||
    value.startsWith('~') ||
    value === '.'
  );
}

function isOffline(container: ContainerFacts): boolean {
  return container.env.some(
    env =>
      (env.name === 'HF_HUB_OFFLINE' || env.name === 'TRANSFORMERS_OFFLINE') &&
      /^(1|true|yes|on)$/i.test(env.value ?? ''),
  );
}

/** A variable's name says it holds a path, not a hub id. */
const PATH_VARIABLE = /PATH|DIR|FOLDER|FILE/i;

/**
 * The model a hub-model server container fetches when it starts, or
 * undefined (not such a server, a local path, offline).
 */
export function hubModelAtStart(
  container: ContainerFacts,
): HubModelStart | undefined {
  if (container.sidecar || isOffline(container)) return undefined;
  const words = commandWords(container.command);
  const kind = serverKind(container, words);
  if (!kind) return undefined;
  let given: string | undefined;
  let value: string | undefined;
  const flagged = flagValues(words, kind.flags);
  if (flagged.length > 0) {
    given = kind.flags.find(f =>
      words.some(w => w === f || w.startsWith(`${f}=`)),
    );
    value = flagged[0];
  } else if (kind.positionalAfter) {
    const at = words.indexOf(kind.positionalAfter);
    const next = at < 0 ? undefined : words[at + 1];
    if (next !== undefined && !next.startsWith('-')) {
      given = `${kind.positionalAfter} argument`;
      value = next;
    }
  }
  if (value === undefined) {
    const envNames = kind.env.length > 0 ? kind.env : GENERIC_MODEL_ENV;
    const env = container.env.find(e => envNames.includes(e.name));
    if (!env) return undefined;
    given = `env ${env.name}`;
    value = env.value ?? `$${env.name}`;
  }
  return classify(container, kind.name, given ?? 'argument', value);
}

function classify(
  container: ContainerFacts,
  server: string,
  given: string,
  raw: string,
): HubModelStart | undefined {
  if (raw.includes(TEMPLATE_PLACEHOLDER) || raw.includes('{{')) {
    return {
      server,
      given,
      value: raw,
      description: `${server} downloads the model the chart's values name when it starts (${given})`,
      configuredBy: 'chart values',
      templated: true,
    };
  }
  let value = raw;
  let configuredBy: string | undefined;
  const variable = variableOf(raw);
  if (variable) {
    configuredBy = variable.name;
    const env = container.env.find(e => e.name === variable.name && e.value);
    const known = env?.value ?? variable.fallback;
    if (known === undefined || variableOf(known)) {
      if (PATH_VARIABLE.test(variable.name)) return undefined;
      return {
        server,
        given,
        value: raw,
        description: `${server} downloads the model named by ${variable.name} when it starts (${given})`,
        configuredBy,
        templated: false,
      };
    }
    value = known;
  }
  if (isLocalPath(value)) return undefined;
  const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  return {
    server,
    given,
    value,
    description: `${server} downloads ${
      remote ? 'the model' : 'the hub model'
    } ${value} when it starts (${given}${
      configuredBy ? ` from ${configuredBy}` : ''
    })`,
    configuredBy: configuredBy ?? `the manifest's ${given}`,
    templated: false,
  };
}

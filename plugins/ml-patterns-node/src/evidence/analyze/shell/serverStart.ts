import { SERVER_COMMAND } from '../modelDownloads';
import { isPython } from './modelFetch';
import { ShellCommand } from './shellScript';

/**
 * Does a command start a (model) server, and what does it say about the
 * model: the model argument of servers that take a hub id or path (vLLM,
 * TGI, TEI, SGLang, MLflow, KServe's Hugging Face server), the model
 * store/repository folder of model servers (TorchServe, Triton, TF
 * Serving, MLServer), TorchServe's `--models`, Triton's `--load-model`.
 */
export interface ServerStart {
  /** e.g. `vllm`, `text-generation-inference`, `torchserve`, `tritonserver`, `app`. */
  server: string;
  /** The model argument as written (`org/name`, `$MODEL`, `${MODEL:-org/name}`, `/models/x`). */
  model?: { value: string; option: string };
  /** The folder of models the server reads (`--model-store`, `--model-repository`, `--model_base_path`). */
  modelStore?: { value: string; option: string };
  /** TorchServe `--models` entries (`name=file.mar`, `file.mar`, `all`). */
  models?: string[];
  /** Triton `--load-model` names. */
  loadModels?: string[];
  /** TF Serving `--model_config_file`. */
  modelConfigFile?: string;
}

const tool = (word: string | undefined) => (word ?? '').replace(/^.*\//, '');

/** `--opt value` or `--opt=value`, for any of the given spellings. */
function optionValue(
  words: string[],
  options: string[],
): { value: string; option: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const option of options) {
      if (words[i] === option && words[i + 1] !== undefined)
        return { value: words[i + 1], option };
      if (words[i].startsWith(`${option}=`))
        return { value: words[i].slice(option.length + 1), option };
    }
  }
  return undefined;
}

function optionValues(words: string[], option: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === option && words[i + 1] !== undefined)
      values.push(words[++i]);
    else if (words[i].startsWith(`${option}=`))
      values.push(words[i].slice(option.length + 1));
  }
  return values;
}

/** The module of `python -m x`, when the command is one. */
function pythonModule(words: string[]): string | undefined {
  if (!isPython(words[0])) return undefined;
  const flag = words.indexOf('-m');
  return flag > 0 ? words[flag + 1] : undefined;
}

/** TorchServe's `--models a=a.mar b=b.mar` (values up to the next option). */
function torchServeModels(words: string[]): string[] | undefined {
  const at = words.findIndex(
    w => w === '--models' || w.startsWith('--models='),
  );
  if (at < 0) return undefined;
  const values: string[] = [];
  if (words[at].includes('=')) values.push(words[at].slice('--models='.length));
  for (let i = at + 1; i < words.length && !words[i].startsWith('-'); i++)
    values.push(words[i]);
  // `--models a.mar,b.mar` is accepted too.
  return values.flatMap(v => v.split(',')).filter(Boolean);
}

export function serverStart(command: ShellCommand): ServerStart | undefined {
  const words = command.words;
  const head = tool(words[0]);
  const module = pythonModule(words);
  if (
    (head === 'vllm' && words[1] === 'serve') ||
    module?.startsWith('vllm.entrypoints')
  ) {
    const positional = head === 'vllm' ? words[2] : undefined;
    const model =
      optionValue(words, ['--model']) ??
      (positional && !positional.startsWith('-')
        ? { value: positional, option: 'vllm serve' }
        : undefined);
    return { server: 'vllm', model };
  }
  if (head === 'text-generation-launcher') {
    return {
      server: 'text-generation-inference',
      model: optionValue(words, ['--model-id']),
    };
  }
  if (head === 'text-embeddings-router') {
    return {
      server: 'text-embeddings-inference',
      model: optionValue(words, ['--model-id']),
    };
  }
  if (module === 'sglang.launch_server') {
    return {
      server: 'sglang',
      model: optionValue(words, ['--model-path', '--model']),
    };
  }
  if (module === 'huggingfaceserver') {
    return {
      server: 'kserve-huggingfaceserver',
      model: optionValue(words, ['--model_id', '--model_dir']),
    };
  }
  if (head === 'mlflow' && words[1] === 'models' && words[2] === 'serve') {
    return {
      server: 'mlflow',
      model: optionValue(words, ['-m', '--model-uri']),
    };
  }
  if (head === 'torchserve' && !words.includes('--stop')) {
    return {
      server: 'torchserve',
      modelStore: optionValue(words, ['--model-store']),
      models: torchServeModels(words),
    };
  }
  if (head === 'tritonserver') {
    return {
      server: 'tritonserver',
      modelStore: optionValue(words, ['--model-repository', '--model-store']),
      loadModels: optionValues(words, '--load-model'),
    };
  }
  if (head === 'tensorflow_model_server') {
    const config = optionValue(words, ['--model_config_file']);
    return {
      server: 'tensorflow_model_server',
      modelStore: optionValue(words, ['--model_base_path']),
      model: optionValue(words, ['--model_name']),
      modelConfigFile: config?.value,
    };
  }
  if (head === 'mlserver' && words[1] === 'start') {
    const folder = words.slice(2).find(w => !w.startsWith('-'));
    return {
      server: 'mlserver',
      modelStore: folder
        ? { value: folder, option: 'mlserver start' }
        : undefined,
    };
  }
  if (head === 'ollama' && words[1] === 'serve') return { server: 'ollama' };
  if (SERVER_COMMAND.test(words.join(' '))) return { server: 'app' };
  return undefined;
}

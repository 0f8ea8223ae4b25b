import { serverStart } from '../shell/serverStart';
import { wordValue } from '../shell/wordValue';
import { LocatedCommand } from './imageCommands';
import { ServedModels } from './servedModels';

/**
 * Model servers an image's start commands run side by side: a start
 * script that starts one server in the background (`tensorflow_model_server
 * --model_name=a … &`) and another after it, each on the one model it is
 * given. They live in one container and are released together, so their
 * models are the container's models. Servers of a model store or
 * repository (TorchServe, Triton, MLServer, TF Serving's
 * `--model_config_file`) are counted from their configuration instead.
 */

/** Servers started on one model: their model argument names it. */
const ONE_MODEL_SERVERS = new Set([
  'tensorflow_model_server',
  'vllm',
  'text-generation-inference',
  'text-embeddings-inference',
  'sglang',
  'kserve-huggingfaceserver',
  'mlflow',
]);

export function sideBySideServers(
  located: LocatedCommand[],
  lookup: (name: string) => string | undefined,
): ServedModels | undefined {
  const started: ServedModels['models'] = [];
  let background = false;
  for (const { command, path } of located) {
    const start = serverStart(command);
    if (!start || !ONE_MODEL_SERVERS.has(start.server)) continue;
    if (start.modelConfigFile !== undefined) continue;
    // TF Serving names the model and its folder; the others take the model itself.
    const written = start.modelStore?.value ?? start.model?.value;
    if (written === undefined) continue;
    const name = wordValue(written, lookup).value ?? written;
    if (started.some(s => s.name === name)) continue;
    background ||= command.background;
    started.push({
      path,
      line: command.line,
      name,
      note: `${start.server} serves ${start.model?.value ?? written}${
        command.background ? ' in the background' : ''
      }`,
    });
  }
  // Run one after another (a first server that exits), they would not be side by side.
  if (started.length < 2 || !background) return undefined;
  return {
    at: {
      path: started[0].path,
      line: started[0].line,
      note: `${started.length} model servers started side by side`,
    },
    models: started,
  };
}

import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';
import { canonicalCallee } from './canonicalCallee';

/**
 * What a module's own code says about the process running it: it is
 * serving code (imports a serving framework), it starts a server itself,
 * or it trains a model.
 */

/** Imports that make a module serving code (a web/serving framework or a model server's handler API). */
const SERVING_IMPORT =
  /^(?:fastapi|flask|flask_restful|flask_restx|starlette|quart|bentoml|kserve|ray\.serve|grpc|gradio|streamlit|litserve|tornado|aiohttp|sanic|django|falcon|bottle|connexion|robyn|mlserver|seldon_core|triton_python_backend_utils|cog|sagemaker_inference|ts\.torch_handler|ts\.context|uvicorn|chainlit)(?:\.|$)/;

/** An import line of a serving framework: a cheap test before parsing (one look per line start). */
export const SERVING_HINT =
  /^[ \t]*(?:from|import)[ \t]+(?:fastapi|flask|starlette|quart|bentoml|kserve|ray|grpc|gradio|streamlit|litserve|tornado|aiohttp|sanic|django|falcon|bottle|connexion|robyn|mlserver|seldon_core|triton_python_backend_utils|cog|sagemaker_inference|ts|uvicorn|chainlit)\b/m;

/** Calls that start a server in the module itself. */
const SERVER_START =
  /^(?:uvicorn\.run|hypercorn\.\w+\.serve|waitress\.serve|ray\.serve\.run|ray\.serve\.start|bentoml\.serve|aiohttp\.web\.run_app|werkzeug\.serving\.run_simple|litserve\.\w+\.run)$/;

/** Methods that start a server object made by a serving framework (`app.run()`, `demo.launch()`). */
const SERVER_METHOD = /^(?:run|launch|serve_forever|run_app|serve)$/;

/**
 * The last part of every start call above (`run…`, `serve…`, `launch`,
 * `start`), written at the call or in its import: a module without one
 * starts no server and is not parsed to find out.
 */
export const SERVER_WORD = /\b(?:run|serve|launch|start)/;
export function importsServingFramework(module: PythonModule): boolean {
  return module.imports.some(binding =>
    SERVING_IMPORT.test(
      binding.name ? `${binding.module}.${binding.name}` : binding.module,
    ),
  );
}
/** Calls that train a model (`loss.backward()`, `model.fit(…)`, `trainer.train()`, `optimizer.apply_gradients(…)`). */
const TRAINING_METHOD =
  /^(?:backward|fit|fit_generator|train|train_model|train_on_batch|apply_gradients)$/;

/** The project's own training steps called by name (`train_model(config)`, `train_one_epoch(…)`). */
const TRAINING_FUNCTION = /^(?:train|train_model|train_one_epoch|train_epoch)$/;

/** The module trains a model: a process running it is a training job, not a server. */
export function trains(module: PythonModule): boolean {
  return module.calls.some(call => {
    const dotted = call.dotted;
    if (!dotted) return false;
    const dot = dotted.lastIndexOf('.');
    return dot > 0
      ? TRAINING_METHOD.test(dotted.slice(dot + 1))
      : TRAINING_FUNCTION.test(dotted);
  });
}

/** The module starts a server: a start call in its `__main__` block, or at module level. */
export function startsServer(
  project: PythonProject,
  module: PythonModule,
): boolean {
  if (!importsServingFramework(module)) return false;
  const serverObjects = new Set<string>();
  for (const call of module.calls) {
    if (!call.bound || !call.dotted) continue;
    const canonical = canonicalCallee(project, module, call.dotted);
    if (SERVING_IMPORT.test(canonical)) serverObjects.add(call.bound);
  }
  return module.calls.some(call => {
    if (!call.dotted) return false;
    if (module.mainGuardLine === undefined && call.fn) return false;
    const canonical = canonicalCallee(project, module, call.dotted);
    if (SERVER_START.test(canonical)) return true;
    const dot = call.dotted.lastIndexOf('.');
    return (
      dot > 0 &&
      SERVER_METHOD.test(call.dotted.slice(dot + 1)) &&
      serverObjects.has(call.dotted.slice(0, dot))
    );
  });
}

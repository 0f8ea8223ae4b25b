import type { SourceLine } from './sourceLines';

/** Facts of Python code: model loads and the processes that serve them. */

/**
 * A place in code or configuration that loads a model at start-up.
 * `configured` when the model path/URI comes from configuration (env var,
 * config file, CLI argument), not a literal.
 *
 * @public
 */
export interface ModelLoaderFacts extends SourceLine {
  /** e.g. `joblib.load`, `torch.load`, `mlflow.pyfunc.load_model`. */
  call: string;
  configured: boolean;
  /** The env var or config key naming the model, when seen. */
  configKey?: string;
  /** Literal target, e.g. `models/model.pkl`. */
  target?: string;
  /**
   * For a load that stands for several artifacts (`multiple`), the literal
   * targets the code spells out for them (a loop over a list of files:
   * `weights/tiny.pt`, `weights/base.pt`), at most eight.
   */
  targets?: string[];
  /** Downloads from remote storage (s3, gs, hub, http) at start-up. */
  downloads: boolean;
  /**
   * For a load that downloads: it runs only from a request handler (a
   * lazy `get_model()` a handler calls, a FastAPI `Depends(get_model)`),
   * on the first request or on every one, not when the server starts: the
   * handler.
   */
  onRequest?: SourceLine;
  /**
   * The code fetches the file this load reads over the network first
   * (`urlretrieve(url, "model.joblib")`, `requests.get` written with
   * `open(path, "wb")`): the fetching call. The model arrives when the
   * server starts unless the image already holds the file and the fetch
   * runs only when the file is missing (`evenWhenPresent` unset).
   */
  fetchedBy?: SourceLine & {
    call: string;
    /**
     * No test of the file guards the fetch: it runs, and replaces the
     * file, even when the image holds one.
     */
    evenWhenPresent?: boolean;
    /**
     * The fetch runs only from a request handler (lazily, on the first
     * request, or on every one), not when the server starts: the handler.
     */
    onRequest?: SourceLine;
  };
  /** Loads several models (a loop or glob over a folder, a list from config). */
  multiple: boolean;
  /**
   * A serving process of the repository runs this load: its entry point
   * (a start command, or a module starting a server) imports the module,
   * or, when no entry point is seen, the module is serving code (imports a
   * web/serving framework such as fastapi, flask, bentoml, kserve, ray
   * serve, gradio) or is imported by it. Undefined when not known.
   */
  inServingCode?: boolean;
  /**
   * What the loaded artifact is: a model, a companion that travels with one
   * (tokenizer, processor, config, vocabulary, label encoder, scaler,
   * preprocessing pipeline) or an adapter on a base model. Undefined in
   * older evidence.
   */
  role?: 'model' | 'companion' | 'adapter';
}

/**
 * One model a serving process loads: the load that names it, and the
 * companions and adapters loaded with it.
 *
 * @public
 */
export interface ProcessModelFacts extends SourceLine {
  /** What names the model: an env var, config key, path or hub id, or the library's default model. */
  name: string;
  /** The loading call, e.g. `transformers.AutoModel.from_pretrained`. */
  call: string;
  /** Loaded in a loop or from a list: several models under one name. */
  several: boolean;
  /**
   * Set when the loop reads every model a folder holds, and every image
   * that runs the process copies exactly one folder git does not hold: the
   * COPY of that folder in each image. Each image then serves one model.
   */
  oneFolderPerImage?: Array<SourceLine & { source: string }>;
  companions: Array<SourceLine & { name: string; call: string }>;
}

/**
 * A Python process the repository starts to serve requests (a container's
 * start command, a module starting a server), and the distinct models it
 * loads, counted through the modules it imports. This is what All-in-one
 * counts models per in code.
 *
 * @public
 */
export interface ServingProcessFacts extends SourceLine {
  /** How it is started, e.g. `uvicorn app.main:app`. */
  command: string;
  /** The module it runs. */
  module: string;
  models: ProcessModelFacts[];
  /**
   * A server: started by a server launcher (uvicorn, gunicorn, streamlit…)
   * or its code imports a web or serving framework. False for a
   * container's start command that only does not train (it may be a batch
   * job); undefined in older evidence.
   */
  server?: boolean;
  /**
   * Set when the process loads no model and sends requests to a model
   * served elsewhere (a SageMaker or Bedrock endpoint, a hosted model API,
   * an HTTP POST): the first such call.
   */
  forwardsTo?: SourceLine & { call: string };
  /**
   * The first model fetch its own code makes (a download tool run through
   * `subprocess`, an object-store or HTTP download written to a file, an
   * MLflow artifact download): the process gets its model over the network
   * when it runs. Absent when none, or in older evidence.
   */
  fetchesModel?: SourceLine & {
    call: string;
    description: string;
    /** The fetch runs only from a request handler, not at start: the handler. */
    onRequest?: SourceLine;
  };
}

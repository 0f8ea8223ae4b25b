import type { SourceLine } from './sourceLines';

/** Facts of model servers' own configuration and of images built by model-packaging tools. */

/**
 * The models a model server hosts through its own configuration: a Triton
 * model repository (one folder per model), a TensorFlow Serving
 * `model_config_list`, TorchServe's `config.properties`, an MLServer
 * folder of `model-settings.json` files served by one `mlserver start`,
 * a bentofile's `models`, the models pulled into an Ollama server; or
 * several one-model servers a container's start script runs side by side
 * (`model-servers`). Companions are folded
 * into their model (a Triton ensemble of a network and its tokenizer and
 * label-map steps is one model).
 *
 * @public
 */
export interface ModelServerConfigFacts extends SourceLine {
  server:
    | 'triton'
    | 'tensorflow-serving'
    | 'torchserve'
    | 'mlserver'
    | 'bentoml'
    | 'ollama'
    | 'model-servers';
  /** What hosts the models, e.g. `Triton model repository model_repository/`. */
  description: string;
  /**
   * The models it loads, each at the file and line that declares it. An
   * entry with `several` stands for one model per item of a list given at
   * build or start (`--models` printed by a loop over `$MODELS`): several
   * models, however many the list holds.
   */
  models: Array<SourceLine & { name: string; note: string; several?: true }>;
}

/**
 * An image built by a model-packaging tool rather than a Dockerfile of the
 * repository: `bentoml containerize` (the Bento packs the models its
 * service takes from the BentoML model store), `mlserver build FOLDER`
 * (the folder with its model files goes into the image),
 * `mlflow models build-docker -m URI` (the MLflow model is baked in),
 * `docker commit` of a container a model was `docker cp`-ed into.
 * Read from shell scripts, CI steps and the shell blocks of Markdown
 * documentation; the place is the command's file and line.
 *
 * @public
 */
export interface PackagedImageFacts extends SourceLine {
  tool: 'bentoml' | 'mlserver' | 'mlflow' | 'docker';
  /** The command as written, e.g. `mlserver build model/ -t acme/cassava`. */
  command: string;
  /** The image names it builds, without tag (also names given by `docker tag`). */
  images: string[];
  /** Read from a Markdown code block: documentation, weaker than a script or CI step. */
  documented?: boolean;
  /**
   * What the image carries of the model, e.g.
   * `the model folder model/ (model/saved_model.pb)`; absent when it packs
   * none (a Bento whose service downloads its model from a hub when it
   * starts).
   */
  packs?: string;
  /** A workload of the unit that runs the image. */
  runBy?: SourceLine & { name: string };
}

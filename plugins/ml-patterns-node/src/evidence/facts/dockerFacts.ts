import type { SourceLine } from './sourceLines';

/** Facts of Dockerfiles and the images they build. */

/** One `COPY`/`ADD` instruction of a Dockerfile. @public */
export interface DockerCopy {
  line: number;
  instruction: 'COPY' | 'ADD';
  /** Stage name or index of `--from`, when present. */
  from?: string;
  sources: string[];
  destination: string;
}

/** @public */
export interface DockerStage {
  /** `AS` name, or the stage index as a string. */
  name: string;
  baseImage: string;
  line: number;
  copies: DockerCopy[];
  env: Array<{ name: string; value: string; line: number }>;
  args: Array<{ name: string; defaultValue?: string; line: number }>;
  run: Array<{ command: string; line: number }>;
  /** CMD / ENTRYPOINT, joined as a shell-ish string. */
  command?: { value: string; line: number };
  healthcheck?: { value: string; line: number };
}

/**
 * How a model reaches an image through a Dockerfile (Model-in-image).
 * Derived by the evidence layer, which knows the repository tree.
 *
 * @public
 */
export interface ModelIntoImage extends SourceLine {
  via: 'file' | 'directory' | 'stage' | 'build-arg' | 'download-in-build';
  /** What was copied, e.g. `models/`, `model.onnx`. */
  source: string;
}

/** @public */
export interface DockerfileFacts {
  path: string;
  stages: DockerStage[];
  /** Model-in-image evidence for the final stage (empty when none). */
  modelsIntoImage: ModelIntoImage[];
  /** Dependency manifests installed in the final image (paths in the repo). */
  installsManifests: SourceLine[];
  /** The image's start-up command fetches a model before serving (Model-load by a start-up step). */
  startupDownloads: Array<SourceLine & { description: string }>;
  /**
   * Models the image's build fetches: a hub id (`model`), or a script of
   * the repository run by `RUN` that fetches one (`script`, whose model
   * loads happen at build time), with the libraries whose hub it, or inline
   * code (`python -c`), fetches from (`libraries`). Code loading the same model, or from the hub of the
   * same library, at run time reads it from the image's cache. Absent when
   * none, or in older evidence.
   */
  builtInModels?: Array<
    SourceLine & { model?: string; script?: string; libraries?: string[] }
  >;
  /**
   * The image sets `HF_HUB_OFFLINE`/`TRANSFORMERS_OFFLINE`: hub loads at
   * run time read only what the build put in the image.
   */
  hubOffline?: SourceLine;
  /**
   * The image is a model server's (built `FROM` it), and its build puts no
   * model where the server reads models: they are supplied when the
   * container starts (a volume, a platform's model mount). The line is the
   * `FROM` of the server image. Absent otherwise, or in older evidence.
   */
  modelsSuppliedAtStart?: SourceLine & { server: string; modelPaths: string[] };
}

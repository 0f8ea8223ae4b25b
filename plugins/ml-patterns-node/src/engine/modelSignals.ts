import {
  ContainerFacts,
  EnvVar,
  ModelLoaderFacts,
  RepositoryEvidence,
  WorkloadFacts,
} from '../evidence/types';
import { isServiceEndpoint } from '../evidence/analyze/kubernetes/serviceEndpoints';

/**
 * Small, shared readings of the evidence about models: which environment
 * variables name a model, which values are remote model locations.
 */

const REMOTE_URI = /^(?:s3|gs|az|hf|pvc|https?):\/\/\S+|^models:\/\S+/i;
const MODEL_FILE =
  /\.(?:pkl|pickle|joblib|onnx|pt|pth|h5|hdf5|keras|pb|tflite|safetensors|bin|gguf|ckpt|mar|mlmodel|pmml|cbm|xgb|lgb|model)(?:[?#].*)?$/i;
const HTTP = /^https?:/i;
const MODEL_ENV_NAME = /model|storage_?uri|checkpoint|ckpt|weights|artifact/i;

/** A value pointing at remote storage: s3, gs, az, hf, pvc, http(s), MLflow `models:/`. */
export function isRemoteUri(value: string | undefined): boolean {
  return value !== undefined && REMOTE_URI.test(value.trim());
}

/** Whether an environment variable's name says it names a model. */
export function isModelEnvName(name: string): boolean {
  return MODEL_ENV_NAME.test(name);
}

/**
 * An env var whose value is a remote model location. A remote URI in a
 * variable unrelated to models (a log endpoint, a tracking server) is not
 * one: the name, the scheme (`models:/`, `hf://`) or a model file extension
 * must say "model". An env var holding a local path is never one — a
 * Model-in-image server reads its baked-in path from an env var too; nor
 * is the address of another service (a gateway's `MODEL_URL=http://ranker:8080`).
 */
export function isRemoteModelEnv(env: EnvVar): boolean {
  if (!isRemoteUri(env.value)) return false;
  const value = (env.value ?? '').trim();
  // Of the remote schemes only http(s) can address a service: parsing the
  // URL of an `s3://…` value would tell nothing more.
  if (HTTP.test(value) && isServiceEndpoint(env.value)) return false;
  return (
    isModelEnvName(env.name) ||
    /^(?:models:\/|hf:\/\/)/i.test(value) ||
    MODEL_FILE.test(value)
  );
}

/**
 * Whether a serving process runs a model load: always, when the evidence
 * does not tell the serving processes apart (older evidence, or code whose
 * start is not seen); else only loads reached from a serving entry point
 * (not training scripts, dataset code or build-time scripts).
 */
export function servedLoad(
  evidence: RepositoryEvidence,
  loader: ModelLoaderFacts,
): boolean {
  return (
    evidence.servingProcesses === undefined || loader.inServingCode === true
  );
}

/** The field naming a workload's model storage and its value, e.g. `storageUri gs://m/ranker`. */
export function storageUriText(
  storageUri: NonNullable<WorkloadFacts['storageUri']>,
): string {
  return `${storageUri.via ?? 'storageUri'} ${storageUri.value}`;
}

/** Main and init containers of a workload. */
export function allContainers(workload: WorkloadFacts): ContainerFacts[] {
  return [...workload.initContainers, ...workload.containers];
}

/** A shell-ish command that takes its target from a variable (`$MODEL_URI`, `${X}`). */
export function usesVariable(text: string): boolean {
  return /\$\{?[A-Za-z_][A-Za-z0-9_]*/.test(text);
}

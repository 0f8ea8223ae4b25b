/**
 * Where a serving platform puts the model before the server starts: KServe's
 * and Seldon Core's storage initializer (`storageUri`/`modelUri` →
 * `/mnt/models`), SageMaker (the model artifact → `/opt/ml/model`). A server
 * reading from there gets its model at start, not from its image.
 */
const PLATFORM_MODEL_MOUNTS: Array<[RegExp, string]> = [
  [
    /^\/mnt\/models(?:\/|$)/,
    "the platform's storage initializer (KServe, Seldon Core)",
  ],
  [/^\/opt\/ml\/model(?:\/|$)/, 'SageMaker'],
];

/**
 * Environment variables a serving platform sets to where it put (or keeps)
 * the model of the deployment when the container starts: Azure Machine
 * Learning's registered model folder, Vertex AI's model artifact URI.
 */
const PLATFORM_MODEL_ENVS = new Map([
  ['AZUREML_MODEL_DIR', 'Azure Machine Learning'],
  ['AIP_STORAGE_URI', 'Vertex AI'],
]);

/** The platform that sets an environment variable to its model's location, if any. */
export function platformOfModelEnv(
  name: string | undefined,
): string | undefined {
  return name === undefined ? undefined : PLATFORM_MODEL_ENVS.get(name);
}

/** Whether a path is in a folder a serving platform fills at start-up. */
export function isPlatformModelMount(path: string): boolean {
  return platformFilling(path) !== undefined;
}

/** Who fills the folder a path is in, at start-up (for the evidence). */
export function platformFilling(path: string): string | undefined {
  return PLATFORM_MODEL_MOUNTS.find(([mount]) => mount.test(path))?.[1];
}

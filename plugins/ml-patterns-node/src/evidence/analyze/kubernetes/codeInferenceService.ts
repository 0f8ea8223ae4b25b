import { WorkloadFacts } from '../../types';

/**
 * The deployment an InferenceService written in Python code describes
 * (built with the kserve SDK or written out as a manifest dict): one
 * KServe container, and one model when a `storageUri` names it, which
 * the storage initializer fetches at start.
 */
export function codeInferenceService(
  path: string,
  line: number,
  name: string | undefined,
  storageUri: WorkloadFacts['storageUri'],
  modelFormat: WorkloadFacts['modelFormat'],
): WorkloadFacts {
  return {
    path,
    line,
    kind: 'InferenceService',
    name: name ?? '(unnamed)',
    containers: [{ name: 'kserve-container', line, env: [] }],
    initContainers: [],
    storageUri,
    modelFormat,
    modelsLoaded: storageUri ? 1 : null,
    modelsLoadedEvidence: storageUri
      ? [
          {
            path,
            line: storageUri.line,
            note: `storageUri ${storageUri.value}`,
          },
        ]
      : [],
  };
}

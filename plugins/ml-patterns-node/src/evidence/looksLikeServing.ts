import { finalImageServer } from './analyze/docker/modelServerImage';
import { RepositoryEvidence } from './types';

/**
 * Whether a tree looks like a serving unit: it deploys workloads, declares
 * serving runtimes, builds an image whose code loads a model, or builds an
 * image on a model server (TF Serving, Triton, TorchServe…), which serves
 * models with no code of its own. Decides the role of a folder that no
 * catalog descriptor describes.
 *
 * @public
 */
export function looksLikeServing(evidence: RepositoryEvidence): boolean {
  return (
    evidence.workloads.length > 0 ||
    evidence.servingRuntimes.length > 0 ||
    (evidence.dockerfiles.length > 0 && evidence.modelLoaders.length > 0) ||
    evidence.dockerfiles.some(d => finalImageServer(d) !== undefined)
  );
}

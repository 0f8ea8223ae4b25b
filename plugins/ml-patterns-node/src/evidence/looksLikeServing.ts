import { isCogConfig } from './analyze/docker/cogImage';
import { finalImageServer } from './analyze/docker/modelServerImage';
import { DockerfileFacts, RepositoryEvidence } from './types';

/**
 * Whether a tree looks like a serving unit, as an ML engineer reading it
 * would say: it deploys workloads or declares serving runtimes; it holds a
 * model server's configuration (TorchServe, Triton, TF Serving, MLServer)
 * or a model-packaging tool's image (a Bento); it starts a serving process
 * (a web or serving framework, a server launcher), even with no container
 * around it; or it builds an image that serves: on a model server, with a
 * model put into it, fetched when it starts, or loaded by the code it
 * starts. A Dockerfile alone around code that loads checkpoints, when
 * nothing tells how the code is started, is a training image. Decides the
 * role of a folder that no catalog descriptor describes.
 *
 * @public
 */
export function looksLikeServing(evidence: RepositoryEvidence): boolean {
  return (
    evidence.workloads.length > 0 ||
    evidence.servingRuntimes.length > 0 ||
    (evidence.modelServers ?? []).length > 0 ||
    (evidence.packagedImages ?? []).length > 0 ||
    (evidence.servingProcesses ?? []).length > 0 ||
    evidence.dockerfiles.some(servingImage) ||
    (evidence.dockerfiles.length > 0 &&
      evidence.modelLoaders.length > 0 &&
      evidence.servingProcesses !== undefined)
  );
}

/** An image on a model server, a Cog predictor's, or one that takes a model in or at start-up. */
function servingImage(dockerfile: DockerfileFacts): boolean {
  return (
    finalImageServer(dockerfile) !== undefined ||
    // Read as an image only when it names a predictor.
    isCogConfig(dockerfile.path) ||
    dockerfile.modelsIntoImage.length > 0 ||
    (dockerfile.builtInModels ?? []).length > 0 ||
    dockerfile.startupDownloads.length > 0 ||
    dockerfile.modelsSuppliedAtStart !== undefined
  );
}

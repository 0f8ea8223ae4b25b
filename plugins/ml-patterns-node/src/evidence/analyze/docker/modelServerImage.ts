/**
 * Images of model servers: an image built `FROM` one is a serving unit
 * even with no code of its own, and what it copies into the server's model
 * folder is the model it serves. The folders are the servers' documented
 * defaults (the start command may name another; see `modelStoreCopies.ts`).
 */
export interface ModelServerImage {
  /** e.g. `tensorflow-serving`, `triton`, `torchserve`. */
  server: string;
  /** Where the image's server reads models from by default. */
  modelPaths: string[];
  /** The script the image's own ENTRYPOINT runs, when it is one (images built FROM it inherit it). */
  entrypoint?: string;
}

const SERVERS: Array<{
  name: RegExp;
  server: string;
  modelPaths: string[];
  entrypoint?: string;
}> = [
  {
    name: /tensorflow[-_/]serving|^tensorflow\/serving$/,
    server: 'tensorflow-serving',
    modelPaths: ['/models'],
    entrypoint: '/usr/bin/tf_serving_entrypoint.sh',
  },
  { name: /tritonserver/, server: 'triton', modelPaths: ['/models'] },
  {
    name: /torchserve/,
    server: 'torchserve',
    modelPaths: ['/home/model-server/model-store'],
    entrypoint: '/usr/local/bin/dockerd-entrypoint.sh',
  },
  { name: /(^|\/)mlserver$/, server: 'mlserver', modelPaths: ['/mnt/models'] },
  {
    name: /vllm-openai|(^|\/)vllm$/,
    server: 'vllm',
    modelPaths: ['/root/.cache/huggingface'],
  },
  {
    name: /text-generation-inference/,
    server: 'text-generation-inference',
    modelPaths: ['/data'],
  },
  {
    name: /text-embeddings-inference/,
    server: 'text-embeddings-inference',
    modelPaths: ['/data'],
  },
  {
    name: /openvino\/model_server|ovms/,
    server: 'openvino-model-server',
    modelPaths: ['/models'],
  },
  {
    name: /^kserve\/[\w-]*server$/,
    server: 'kserve',
    modelPaths: ['/mnt/models'],
  },
  {
    name: /^seldonio\/[\w-]*server$/,
    server: 'seldon',
    modelPaths: ['/mnt/models'],
  },
  { name: /(^|\/)ollama$/, server: 'ollama', modelPaths: ['/root/.ollama'] },
  {
    name: /sglang/,
    server: 'sglang',
    modelPaths: ['/root/.cache/huggingface'],
  },
];

/** The image name without registry host, tag or digest: `nvcr.io/nvidia/tritonserver:24.05-py3` → `nvidia/tritonserver`. */
export function imageName(image: string): string {
  let name = image.trim().toLowerCase();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) parts.shift();
  return parts.join('/');
}

export function modelServerOfImage(
  image: string | undefined,
): ModelServerImage | undefined {
  if (!image || image.includes('$')) return undefined;
  const name = imageName(image);
  const found = SERVERS.find(entry => entry.name.test(name));
  return found
    ? {
        server: found.server,
        modelPaths: found.modelPaths,
        ...(found.entrypoint && { entrypoint: found.entrypoint }),
      }
    : undefined;
}

/** The model server a Dockerfile's final image is built on, following `FROM <earlier stage>`. */
export function finalImageServer(dockerfile: {
  stages: Array<{ name: string; baseImage: string }>;
}): ModelServerImage | undefined {
  const stages = dockerfile.stages;
  let stage = stages[stages.length - 1];
  for (let guard = 0; stage && guard < stages.length; guard++) {
    const server = modelServerOfImage(stage.baseImage);
    if (server) return server;
    const base = stage.baseImage.toLowerCase();
    const current = stage;
    const parent = stages.find(
      s => s !== current && s.name.toLowerCase() === base,
    );
    if (!parent) return undefined;
    stage = parent;
  }
  return undefined;
}

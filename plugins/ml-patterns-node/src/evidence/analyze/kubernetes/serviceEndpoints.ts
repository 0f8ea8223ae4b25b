/**
 * An address of another service — `http://ranker:8080/predict`,
 * `grpc://model-a.serving.svc.cluster.local:8500` — is where a gateway
 * sends requests, not a model it loads: a proxy with `MODEL_A_URL` and
 * `MODEL_B_URL` in its environment serves no model. A URL to a model
 * file (`http://minio:9000/models/ranker.onnx`) is still a model.
 */

/** Host names of services inside a compose network or a cluster. */
const CLUSTER_SUFFIXES = [
  '.svc',
  '.svc.cluster.local',
  '.cluster.local',
  '.local',
  '.internal',
];

/** Last path segments that are files to download, not API routes. */
const FILE_EXTENSIONS = new Set([
  'pkl',
  'pickle',
  'joblib',
  'onnx',
  'pt',
  'pth',
  'h5',
  'hdf5',
  'keras',
  'pb',
  'tflite',
  'safetensors',
  'bin',
  'gguf',
  'ckpt',
  'mar',
  'pmml',
  'cbm',
  'xgb',
  'lgb',
  'model',
  'zip',
  'gz',
  'tgz',
  'tar',
  'json',
]);

const SCHEMES = new Set(['http', 'https', 'grpc', 'grpcs', 'ws', 'wss', 'tcp']);

export function isServiceEndpoint(value: string | undefined): boolean {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  if (!SCHEMES.has(url.protocol.slice(0, -1).toLowerCase())) return false;
  const host = url.hostname.toLowerCase();
  const serviceHost =
    !host.includes('.') ||
    CLUSTER_SUFFIXES.some(suffix => host.endsWith(suffix)) ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ||
    url.port !== '';
  if (!serviceHost) return false;
  const last = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot < 0 || !FILE_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

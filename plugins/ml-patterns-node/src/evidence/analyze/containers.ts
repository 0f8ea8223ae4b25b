import { ContainerFacts, EnvVar, SourceLine } from '../types';
import { findModelDownload } from './modelDownloads';
import { isServiceEndpoint } from './kubernetes/serviceEndpoints';
import { YamlNav } from './yamlDocuments';
import { noteConfigMapEnv } from './kubernetes/configMapEnv';

/**
 * Containers of Kubernetes workloads and compose services, and how many
 * models their main containers serve.
 */

/** Log shippers, proxies and agents: not model servers. */
const SIDECAR =
  /(fluentd|fluent-bit|filebeat|promtail|logstash|vector|envoy|istio-proxy|istio\/proxy|linkerd|nginx|haproxy|traefik|oauth2-proxy|cloud-sql-proxy|cloudsql-proxy|otel|opentelemetry|jaeger|datadog|dd-agent|statsd|prometheus|exporter|vault-agent|git-sync|kube-rbac-proxy|queue-proxy|logrotate|pgbouncer|redis|memcached|telegraf)/i;

/** Images whose job is fetching from storage. */
const DOWNLOADER_IMAGE =
  /(storage-initializer|google\/cloud-sdk|cloud-sdk|gsutil|amazon\/aws-cli|aws-cli|awscli|curlimages\/curl|rclone|minio\/mc|azure-cli|huggingface|hf-downloader|model-downloader|model-fetcher)/i;

const MODEL_TOKENS = new Set([
  'MODEL',
  'MODELS',
  'WEIGHTS',
  'CHECKPOINT',
  'CKPT',
]);
/** Suffixes meaning "this variable names/locates a model". */
const IDENTITY_TOKENS = new Set([
  'PATH',
  'URI',
  'URL',
  'FILE',
  'FILEPATH',
  'FILENAME',
  'DIR',
  'NAME',
  'ID',
  'LOCATION',
  'REPO',
  'BUCKET',
  'KEY',
  'BLOB',
  'VERSION',
  'REF',
  'ARTIFACT',
]);
/** Qualifiers that describe where the same model is (not a different model). */
const QUALIFIER_TOKENS = new Set([
  'BASE',
  'LOCAL',
  'REMOTE',
  'S3',
  'GCS',
  'GS',
  'HF',
  'HUB',
  'STORAGE',
  'ROOT',
  'FULL',
  'DEFAULT',
  'SERVING',
  'SERVED',
  'FILE',
]);
/** Tokens that make a MODEL_* variable a setting, not a model. */
const SETTING_TOKENS = new Set([
  'CACHE',
  'TIMEOUT',
  'BATCH',
  'WORKERS',
  'MAX',
  'MIN',
  'THREADS',
  'SIZE',
  'TYPE',
  'FORMAT',
  'LOG',
  'PORT',
  'CONCURRENCY',
  'DEVICE',
  'PRECISION',
  'DTYPE',
  'TEMPERATURE',
  'TOKENS',
  'LENGTH',
  'REPOSITORY',
  'STORE',
  'CONFIG',
  'REGISTRY',
  'SERVER',
  'HOST',
  'ENDPOINT',
]);

/**
 * The model an environment variable names, as a grouping key
 * (`MODEL_PATH`, `MODEL_NAME` → `MODEL`; `MODEL_A_URI` → `MODEL_A`), or
 * undefined when the variable does not name a model.
 */
export function modelKeyOfEnv(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper === 'STORAGE_URI') return 'MODEL';
  const tokens = upper.split(/_+/).filter(Boolean);
  if (!tokens.some(t => MODEL_TOKENS.has(t))) return undefined;
  if (tokens.some(t => SETTING_TOKENS.has(t))) return undefined;
  const last = tokens[tokens.length - 1];
  if (
    !IDENTITY_TOKENS.has(last) &&
    !(tokens.length === 1 && MODEL_TOKENS.has(last))
  ) {
    return undefined;
  }
  const key = tokens.filter(
    t => !IDENTITY_TOKENS.has(t) && !QUALIFIER_TOKENS.has(t),
  );
  return key.map(t => (t === 'MODELS' ? 'MODEL' : t)).join('_');
}

export function isSidecar(name: string, image?: string): boolean {
  return SIDECAR.test(name) || (!!image && SIDECAR.test(image));
}

export function describeProbe(nav: YamlNav, probe: unknown): string {
  const httpPath = nav.str(probe, 'httpGet', 'path');
  if (nav.get(probe, 'httpGet') !== undefined) {
    return `httpGet ${httpPath ?? '/'}`.trim();
  }
  const exec = nav.strings(probe, 'exec', 'command');
  if (exec.length > 0) return `exec ${exec.join(' ')}`.slice(0, 200);
  if (nav.get(probe, 'grpc') !== undefined) {
    return `grpc ${nav.str(probe, 'grpc', 'port') ?? ''}`.trim();
  }
  if (nav.get(probe, 'tcpSocket') !== undefined) {
    return `tcpSocket ${nav.str(probe, 'tcpSocket', 'port') ?? ''}`.trim();
  }
  return 'probe';
}

function probeFacts(
  nav: YamlNav,
  container: unknown,
  key: string,
  path: string,
  lineOf: (node: unknown) => number | undefined,
): (SourceLine & { description: string }) | undefined {
  const probe = nav.get(container, key);
  if (!nav.isMap(probe)) return undefined;
  return {
    path,
    line: lineOf(probe) ?? lineOf(container),
    description: describeProbe(nav, probe),
  };
}

/** A Kubernetes container (or a KServe predictor/model spec shaped like one). */
export function containerFromK8s(
  nav: YamlNav,
  node: unknown,
  path: string,
  lineOf: (node: unknown) => number | undefined,
  options: { init: boolean; defaultName?: string },
): ContainerFacts {
  const name = nav.str(node, 'name') ?? options.defaultName ?? 'container';
  const image = nav.str(node, 'image');
  const env: EnvVar[] = [];
  for (const item of nav.items(node, 'env')) {
    const envName = nav.str(item, 'name');
    if (!envName) continue;
    env.push({
      name: envName,
      value: nav.str(item, 'value'),
      line: lineOf(item),
    });
  }
  const commandParts = [
    ...nav.strings(node, 'command'),
    ...nav.strings(node, 'args'),
  ];
  const command = commandParts.length > 0 ? commandParts.join(' ') : undefined;
  const facts: ContainerFacts = {
    name,
    image,
    line: lineOf(nav.get(node, 'image')) ?? lineOf(node),
    env,
    command,
    readinessProbe: probeFacts(nav, node, 'readinessProbe', path, lineOf),
    startupProbe: probeFacts(nav, node, 'startupProbe', path, lineOf),
    livenessProbe: probeFacts(nav, node, 'livenessProbe', path, lineOf),
  };
  if (isSidecar(name, image)) facts.sidecar = true;
  noteConfigMapEnv(nav, node, facts);
  const download = containerDownload(facts, options.init);
  if (download) {
    facts.downloadsModel = {
      path,
      line:
        lineOf(nav.get(node, 'command')) ??
        lineOf(nav.get(node, 'args')) ??
        facts.line,
      description: download,
    };
  }
  return facts;
}

/**
 * Does this container fetch a model? An init container's only job is to
 * prepare the pod, so any storage/HTTP fetch (or a downloader image, or a
 * model URI in its env) counts; a main container needs a model download
 * in its command.
 */
export function containerDownload(
  container: ContainerFacts,
  init: boolean,
): string | undefined {
  const command = container.command ?? '';
  const found = findModelDownload(command, { lenient: init });
  const label = init
    ? `init container ${container.name}`
    : `container ${container.name}`;
  if (found) return `${label}: ${found.description}`;
  if (!init) return undefined;
  if (container.image && DOWNLOADER_IMAGE.test(container.image)) {
    return `${label}: downloader image ${container.image}`;
  }
  const modelEnv = container.env.find(
    e =>
      modelKeyOfEnv(e.name) !== undefined &&
      (!e.value || /^[a-z0-9+]+:\/\//i.test(e.value) || e.value.includes('/')),
  );
  if (modelEnv) return `${label}: fetches the model named by ${modelEnv.name}`;
  return undefined;
}

export interface ModelCount {
  count: number | null;
  evidence: Array<SourceLine & { note: string }>;
  multiModel?: SourceLine & { description: string };
}

const MODEL_FLAG =
  /^--?(model|model[-_](path|name|dir|id|uri|file|base[-_]path))(=|$)/;

/**
 * Models a container serves, read from its env vars (one model-naming
 * variable group = one model) and its arguments (Triton `--load-model`,
 * TorchServe `--models`, `--model…` flags).
 */
function countContainer(
  container: ContainerFacts,
  path: string,
  result: ModelCount,
): number {
  const groups = new Map<string, EnvVar>();
  for (const env of container.env) {
    const key = modelKeyOfEnv(env.name);
    // A gateway's `MODEL_A_URL=http://model-a:8080` names a service, not a model it loads.
    if (key !== undefined && !groups.has(key) && !isServiceEndpoint(env.value))
      groups.set(key, env);
  }
  const args = (container.command ?? '').split(/\s+/).filter(Boolean);
  const loadModels = new Set<string>();
  const explicitControl = args.some(
    a => /^--model-control-mode=?explicit/.test(a) || a === 'explicit',
  );
  let torchServeModels = 0;
  let modelFlag = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const load = /^--load-model(?:=(.*))?$/.exec(arg);
    if (load) loadModels.add(load[1] ?? args[i + 1] ?? '');
    if (arg === '--models') {
      for (let j = i + 1; j < args.length && !args[j].startsWith('-'); j++)
        torchServeModels++;
    }
    if (MODEL_FLAG.test(arg)) modelFlag = true;
    if (
      !result.multiModel &&
      (/^--model-repository(=|$)/.test(arg) ||
        /^--model[-_]store(=|$)/.test(arg))
    ) {
      if (!explicitControl) {
        result.multiModel = {
          path,
          line: container.line,
          description: `${
            container.name
          } serves every model in a model repository (${arg.split('=')[0]})`,
        };
      }
    }
    if (!result.multiModel && /^--model_config_file(=|$)/.test(arg)) {
      result.multiModel = {
        path,
        line: container.line,
        description: `${container.name} serves the models listed in a TensorFlow Serving model config`,
      };
    }
  }
  let argCount = 0;
  if (loadModels.size > 0) argCount = loadModels.size;
  else if (torchServeModels > 0) argCount = torchServeModels;
  else if (modelFlag) argCount = 1;
  const count = Math.max(groups.size, argCount);
  if (groups.size >= argCount) {
    for (const [key, env] of groups) {
      result.evidence.push({
        path,
        line: env.line ?? container.line,
        note: `${container.name}: env ${env.name}${
          key !== 'MODEL' ? ` (model ${key})` : ''
        }`,
      });
    }
  } else {
    result.evidence.push({
      path,
      line: container.line,
      note: `${container.name}: ${argCount} model(s) named in its arguments`,
    });
  }
  return count;
}

/**
 * Distinct models served by a workload's main (non-init, non-sidecar)
 * containers; `null` when nothing tells.
 */
export function countModels(
  containers: ContainerFacts[],
  path: string,
): ModelCount {
  const result: ModelCount = { count: null, evidence: [] };
  let total = 0;
  let told = false;
  for (const container of containers) {
    if (container.sidecar) continue;
    const count = countContainer(container, path, result);
    if (count > 0) {
      told = true;
      total += count;
    }
  }
  result.count = told ? total : null;
  return result;
}

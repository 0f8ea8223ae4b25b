import { ContainerFacts, SourceLine } from '../../types';
import { YamlNav } from '../yamlDocuments';
import type { LineOf } from './podSpecs';

/**
 * Environment variables a container takes from ConfigMaps of the
 * repository (`envFrom: [{configMapRef}]`, `valueFrom.configMapKeyRef`),
 * so that a server argument written as `$(MODEL_PATH)` can be read where
 * its value is: in the ConfigMap's `data`.
 */

/** A ConfigMap's data: key → value and the line it is written on. */
export interface ConfigMapData {
  name: string;
  path: string;
  data: Map<string, { value: string; line?: number }>;
}

/** Where a container gets variables from ConfigMaps. */
interface ConfigMapSource {
  configMap: string;
  /** `configMapKeyRef`: the variable's name and the key it reads; absent for `envFrom` (every key). */
  variable?: string;
  key?: string;
  /** `envFrom`'s `prefix`. */
  prefix?: string;
}

// Kept beside the container facts (not in them): only the server-argument
// reading below needs them, once every manifest of the tree is read.
const sources = new WeakMap<ContainerFacts, ConfigMapSource[]>();

/** Reads a ConfigMap object (`kind: ConfigMap`) into its data. */
export function configMapOf(
  nav: YamlNav,
  root: unknown,
  path: string,
  lineOf: LineOf,
): ConfigMapData | undefined {
  const name = nav.str(root, 'metadata', 'name');
  if (!name) return undefined;
  const data = new Map<string, { value: string; line?: number }>();
  for (const [key, node] of nav.entries(root, 'data')) {
    const value = nav.str(node);
    if (value !== undefined) data.set(key, { value, line: lineOf(node) });
  }
  return { name, path, data };
}

/** Notes the ConfigMaps a Kubernetes container node takes variables from. */
export function noteConfigMapEnv(
  nav: YamlNav,
  node: unknown,
  container: ContainerFacts,
): void {
  const found: ConfigMapSource[] = [];
  for (const item of nav.items(node, 'envFrom')) {
    const configMap = nav.str(item, 'configMapRef', 'name');
    if (configMap)
      found.push({ configMap, prefix: nav.str(item, 'prefix') ?? '' });
  }
  for (const item of nav.items(node, 'env')) {
    const variable = nav.str(item, 'name');
    const ref = nav.get(item, 'valueFrom', 'configMapKeyRef');
    const configMap = nav.str(ref, 'name');
    const key = nav.str(ref, 'key');
    if (variable && configMap && key) found.push({ configMap, variable, key });
  }
  if (found.length > 0) sources.set(container, found);
}

/**
 * The value of a container's variable and where it is written: its own
 * literal `env` value, else the ConfigMap entry it is taken from (an
 * explicit `env` entry wins over `envFrom`, as in Kubernetes).
 */
export function containerVariable(
  container: ContainerFacts,
  name: string,
  configMaps: readonly ConfigMapData[],
): (Partial<SourceLine> & { value: string; from?: string }) | undefined {
  const own = container.env.find(e => e.name === name);
  if (own?.value !== undefined) return { value: own.value, line: own.line };
  const refs = sources.get(container) ?? [];
  const keyRef = refs.find(r => r.variable === name);
  const lookUp = (configMap: string, key: string) => {
    const map = configMaps.find(c => c.name === configMap);
    const entry = map?.data.get(key);
    return map && entry
      ? {
          value: entry.value,
          path: map.path,
          line: entry.line,
          from: `ConfigMap ${configMap} ${key}`,
        }
      : undefined;
  };
  if (keyRef) return lookUp(keyRef.configMap, keyRef.key!);
  if (own) return undefined;
  for (const ref of refs) {
    if (ref.variable !== undefined || !name.startsWith(ref.prefix ?? ''))
      continue;
    const found = lookUp(ref.configMap, name.slice((ref.prefix ?? '').length));
    if (found) return found;
  }
  return undefined;
}

import { isScalar } from 'yaml';
import { isYaml } from '../fileKinds';
import { dirName } from '../paths';
import { ParsedYaml, parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * Ray Serve configs: a Serve config file (`serve deploy config.yaml`,
 * `serve run config.yaml`) or a KubeRay `RayService`'s `serveConfigV2`,
 * each listing the applications deployed together on one Ray cluster,
 * each by the `import_path` (`pkg.module:app`) of its bound deployment.
 * The applications of one config are released together on one server
 * group.
 */
export interface ServeApplication {
  name: string;
  /** The module of `import_path`, dotted (`summarizer.service`). */
  module: string;
  /** The application's `runtime_env.working_dir` when it is a folder of the repository. */
  workingDir?: string;
  line: number;
}

export interface ServeConfig {
  path: string;
  /** The line of `applications:`. */
  line: number;
  /** What deploys it: `Ray Serve config` or `RayService <name>`. */
  description: string;
  applications: ServeApplication[];
}

const DOTTED = /^[A-Za-z_][\w.]*$/;
const NAME = /^[A-Za-z_]\w*$/;

/** The module of an import path: `pkg.module:app`, or `pkg.module.app` as Ray also takes it. */
function moduleOf(importPath: string): string | undefined {
  const colon = importPath.indexOf(':');
  const at = colon >= 0 ? colon : importPath.lastIndexOf('.');
  if (at <= 0) return undefined;
  const module = importPath.slice(0, at);
  return DOTTED.test(module) && NAME.test(importPath.slice(at + 1))
    ? module
    : undefined;
}

/** A relative folder of the repository (not a remote URI or an absolute path). */
const LOCAL_FOLDER = /^(?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\/?$/;

function applicationsOf(
  path: string,
  parsed: ParsedYaml,
  root: unknown,
  nav: YamlNav,
  description: string,
  lineShift: (line: number) => number,
): ServeConfig | undefined {
  const entry = nav.entries(root).find(([key]) => key === 'applications');
  if (!entry) return undefined;
  const applications: ServeApplication[] = [];
  for (const item of nav.items(entry[1])) {
    const importPath = nav.str(item, 'import_path') ?? '';
    const module = moduleOf(importPath);
    if (!module) continue;
    const workingDir = nav.str(item, 'runtime_env', 'working_dir');
    applications.push({
      name: nav.str(item, 'name') ?? importPath,
      module,
      workingDir:
        workingDir && LOCAL_FOLDER.test(workingDir)
          ? workingDir.replace(/^\.\//, '').replace(/\/$/, '')
          : undefined,
      line: lineShift(parsed.lineOf(item) ?? 1),
    });
  }
  if (applications.length === 0) return undefined;
  return {
    path,
    line: lineShift(parsed.lineOf(entry[2]) ?? 1),
    description,
    applications,
  };
}

/** The Serve configs of one YAML file. */
export function readServeConfigs(path: string, text: string): ServeConfig[] {
  const configs: ServeConfig[] = [];
  // Problems of the file are reported where the file's manifests are read.
  const parsed = parseYamlDocuments(path, text, []);
  for (const { doc, root } of parsed.documents) {
    const nav = new YamlNav(doc);
    const own = applicationsOf(
      path,
      parsed,
      root,
      nav,
      'Ray Serve config',
      line => line,
    );
    if (own) configs.push(own);
    if (
      nav.str(root, 'kind') !== 'RayService' ||
      !(nav.str(root, 'apiVersion') ?? '').startsWith('ray.io/')
    ) {
      continue;
    }
    const node = nav.get(root, 'spec', 'serveConfigV2');
    const inner = nav.str(node);
    if (inner === undefined || !isScalar(node)) continue;
    // A block scalar's first line is the line after its key; other strings are mapped to the key.
    const start = parsed.lineOf(node) ?? 1;
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const nested = parseYamlDocuments(path, inner, []);
    const name = nav.str(root, 'metadata', 'name') ?? '(unnamed)';
    for (const document of nested.documents) {
      const config = applicationsOf(
        path,
        nested,
        document.root,
        new YamlNav(document.doc),
        `RayService ${name}`,
        line => (block ? start + line : start),
      );
      if (config) configs.push(config);
    }
  }
  return configs;
}

/** Every Serve config of a tree (YAML files naming an `import_path`). */
export function serveConfigs(
  paths: Iterable<string>,
  textOf: (path: string) => string | undefined,
): ServeConfig[] {
  const configs: ServeConfig[] = [];
  for (const path of paths) {
    if (!isYaml(path)) continue;
    const text = textOf(path);
    if (text === undefined || !text.includes('import_path')) continue;
    configs.push(...readServeConfigs(path, text));
  }
  return configs;
}

/** The folder an application's modules are looked for from first. */
export function applicationFolder(
  config: ServeConfig,
  application: ServeApplication,
): string {
  const folder = dirName(config.path);
  if (!application.workingDir) return folder;
  return [folder, application.workingDir].filter(Boolean).join('/');
}

import { isMap, isScalar, isSeq } from 'yaml';
import { isYaml } from '../fileKinds';
import { dirName } from '../paths';
import {
  ParsedYaml,
  parseYamlDocuments,
  TEMPLATE_PLACEHOLDER,
  YamlNav,
} from '../yamlDocuments';
import { includedChartFiles } from '../kubernetes/helmFileIncludes';

type TextOf = (path: string) => string | undefined;

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
  /** The file declaring it, when not the config's own (a chart file a template includes). */
  path?: string;
  /** The module of `import_path`, dotted (`summarizer.service`). */
  module: string;
  /**
   * Modules its deployments' configuration names by import path
   * (`user_config: {model: {_target_: providers.store:fetch}}`), which the
   * deployment imports when it is configured, dotted.
   */
  configured?: string[];
  /** The application's `runtime_env.working_dir` when it is a folder of the repository. */
  workingDir?: string;
  /**
   * The scalar settings of each deployment's `user_config` (`model:
   * org/name`), which Ray hands to the deployment's `reconfigure`.
   */
  settings?: Array<Record<string, string>>;
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
  const applications = applicationItems(
    parsed,
    nav.items(entry[1]),
    nav,
    lineShift,
  );
  if (applications.length === 0) return undefined;
  return {
    path,
    line: lineShift(parsed.lineOf(entry[2]) ?? 1),
    description,
    applications,
  };
}

/** The modules named by `pkg.module:attr` strings in a configuration (a few levels deep). */
function importPathsIn(node: unknown, found: Set<string>, depth: number) {
  if (depth > 6 || found.size >= 20) return;
  if (isScalar(node)) {
    const value = typeof node.value === 'string' ? node.value : '';
    const module = value.includes(':') ? moduleOf(value) : undefined;
    if (module) found.add(module);
  } else if (isMap(node)) {
    for (const pair of node.items) importPathsIn(pair.value, found, depth + 1);
  } else if (isSeq(node)) {
    for (const item of node.items) importPathsIn(item, found, depth + 1);
  }
}

/** The scalar entries of a deployment's `user_config`, if it has any. */
function scalarSettings(
  nav: YamlNav,
  deployment: unknown,
): Record<string, string> | undefined {
  const settings: Record<string, string> = {};
  let any = false;
  for (const [key] of nav.entries(deployment, 'user_config')) {
    const value = nav.str(deployment, 'user_config', key);
    if (value === undefined || value.includes(TEMPLATE_PLACEHOLDER)) continue;
    settings[key] = value;
    any = true;
  }
  return any ? settings : undefined;
}

/**
 * The `user_config` keys the deployments of a config set to different
 * values, with those values: one deployment's code, or several sharing a
 * base class, loading the model such a key names serves a different model
 * in each deployment.
 */
export function settingsPerDeployment(
  config: ServeConfig,
): Map<string, string[]> {
  const values = new Map<string, Set<string>>();
  for (const application of config.applications)
    for (const settings of application.settings ?? [])
      for (const [key, value] of Object.entries(settings))
        values.set(key, (values.get(key) ?? new Set()).add(value));
  const varied = new Map<string, string[]>();
  for (const [key, set] of values) if (set.size > 1) varied.set(key, [...set]);
  return varied;
}

/** The applications of a list of Serve application entries (each with an `import_path`). */
function applicationItems(
  parsed: ParsedYaml,
  items: unknown[],
  nav: YamlNav,
  lineShift: (line: number) => number,
): ServeApplication[] {
  const applications: ServeApplication[] = [];
  for (const item of items) {
    const importPath = nav.str(item, 'import_path') ?? '';
    const module = moduleOf(importPath);
    if (!module) continue;
    const workingDir = nav.str(item, 'runtime_env', 'working_dir');
    const configured = new Set<string>();
    const settings: Array<Record<string, string>> = [];
    for (const deployment of nav.items(item, 'deployments')) {
      importPathsIn(nav.get(deployment, 'user_config'), configured, 0);
      const scalars = scalarSettings(nav, deployment);
      if (scalars) settings.push(scalars);
    }
    applications.push({
      name: nav.str(item, 'name') ?? importPath,
      module,
      ...(configured.size > 0 && { configured: [...configured] }),
      ...(settings.length > 0 && { settings }),
      workingDir:
        workingDir && LOCAL_FOLDER.test(workingDir)
          ? workingDir.replace(/^\.\//, '').replace(/\/$/, '')
          : undefined,
      line: lineShift(parsed.lineOf(item) ?? 1),
    });
  }
  return applications;
}

/**
 * The applications of chart files a templated `serveConfigV2` pastes in
 * (`.Files.Get`), each file a list of applications, a Serve config, or
 * one application.
 */
function includedApplications(
  path: string,
  text: string,
  keyLine: number,
  textOf: TextOf,
): ServeApplication[] {
  const lines = text.split('\n');
  const indent = (line: string) => line.length - line.trimStart().length;
  const keyIndent = indent(lines[keyLine - 1] ?? '');
  // The block runs to the first line indented no deeper than its key
  // (template-only lines, flush left or not, are the render's business).
  let last = keyLine;
  for (let i = keyLine; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('{{') && indent(line) <= keyIndent)
      break;
    last = i + 1;
  }
  const applications: ServeApplication[] = [];
  for (const included of includedChartFiles(
    path,
    lines,
    keyLine + 1,
    last,
    textOf,
  )) {
    const fileText = textOf(included.path);
    if (fileText === undefined || !fileText.includes('import_path')) continue;
    const parsed = parseYamlDocuments(included.path, fileText, []);
    for (const { doc, root } of parsed.documents) {
      const nav = new YamlNav(doc);
      let items = [root];
      if (isSeq(root)) items = nav.items(root);
      else if (nav.get(root, 'applications') !== undefined)
        items = nav.items(root, 'applications');
      for (const application of applicationItems(
        parsed,
        items,
        nav,
        line => line,
      ))
        applications.push({ ...application, path: included.path });
    }
  }
  return applications;
}

/** The Serve configs of one YAML file (with `textOf`, a chart template's included files too). */
export function readServeConfigs(
  path: string,
  text: string,
  textOf?: TextOf,
): ServeConfig[] {
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
    const written = nav.str(root, 'metadata', 'name') ?? '(unnamed)';
    // A name the chart renders (`{{ .Release.Name }}`) is not known here.
    const name = written.includes(TEMPLATE_PLACEHOLDER)
      ? 'of the chart'
      : written;
    const included =
      parsed.templated && textOf && text.includes('.Files.Get')
        ? includedApplications(path, text, start, textOf)
        : [];
    if (included.length > 0) {
      const inline = nested.documents.flatMap(
        document =>
          applicationsOf(
            path,
            nested,
            document.root,
            new YamlNav(document.doc),
            '',
            line => (block ? start + line : start),
          )?.applications ?? [],
      );
      configs.push({
        path,
        line: start,
        description: `RayService ${name}`,
        applications: [...inline, ...included],
      });
      continue;
    }
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
    if (
      text === undefined ||
      !(
        text.includes('import_path') ||
        (text.includes('serveConfigV2') && text.includes('.Files.Get'))
      )
    )
      continue;
    configs.push(...readServeConfigs(path, text, textOf));
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

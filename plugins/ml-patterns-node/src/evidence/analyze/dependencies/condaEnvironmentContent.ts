import { ParsedYaml, singleYamlDocument } from '../yamlDocuments';

/** The keys a conda environment file may have at its top. */
const CONDA_KEYS = new Set([
  'name',
  'channels',
  'dependencies',
  'variables',
  'prefix',
]);

/**
 * The line of `dependencies:` when this YAML is a conda environment file,
 * whatever its name
 * (`conda_dependencies.yml`, `ci_dependencies.yml`, `env/train.yaml`)?
 * Only the keys of one at its top, and `dependencies` a list of package
 * specs (strings) and at most a `pip:` list — unlike a Helm chart's
 * `dependencies` (maps of name, version and repository).
 */
export function condaEnvironmentLine(parsed: ParsedYaml): number | undefined {
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const entries = nav.entries(root);
  if (entries.length === 0 || !entries.every(([key]) => CONDA_KEYS.has(key)))
    return undefined;
  const dependencies = nav.items(root, 'dependencies');
  if (dependencies.length === 0) return undefined;
  let specs = 0;
  for (const item of dependencies) {
    if (nav.str(item) !== undefined) {
      specs += 1;
      continue;
    }
    const keys = nav.entries(item).map(([key]) => key);
    if (keys.length !== 1 || keys[0] !== 'pip') return undefined;
  }
  if (specs === 0) return undefined;
  const key = entries.find(([name]) => name === 'dependencies')?.[2];
  return parsed.lineOf(key) ?? 1;
}

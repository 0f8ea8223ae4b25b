/**
 * Whether a project manifest declares no dependency at all: not in its
 * main list, an extra, a dependency group, a development list or a field
 * filled in at build time. The lockfile of such a project locks the
 * project alone and no third-party package (`uv lock` on a fresh
 * scaffold writes one), so it records no library version.
 */

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty list, or a table holding one (extras, groups). */
function hasEntries(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isTable(value)) return Object.values(value).some(hasEntries);
  return value !== undefined;
}

/** A Poetry dependency table with more than the Python version in it. */
function hasPoetryPackages(value: unknown): boolean {
  if (!isTable(value)) return value !== undefined;
  return Object.keys(value).some(name => name.toLowerCase() !== 'python');
}

function poetryDeclares(poetry: Table): boolean {
  if (
    hasPoetryPackages(poetry.dependencies) ||
    hasPoetryPackages(poetry['dev-dependencies'])
  )
    return true;
  const groups = isTable(poetry.group) ? poetry.group : {};
  return Object.values(groups).some(
    group => isTable(group) && hasPoetryPackages(group.dependencies),
  );
}

/**
 * For a parsed pyproject.toml: true when it declares no dependency. One
 * with neither a `[project]` nor a `[tool.poetry]` table leaves its
 * metadata to setup.py or setup.cfg; a workspace root or a `dynamic`
 * dependency list (read from another file at build time) may declare
 * some elsewhere: none of them counts.
 */
export function pyprojectDeclaresNoDependencies(data: Table): boolean {
  const tool = isTable(data.tool) ? data.tool : {};
  if (!isTable(data.project) && !isTable(tool.poetry)) return false;
  const project = isTable(data.project) ? data.project : {};
  const dynamic = Array.isArray(project.dynamic) ? project.dynamic : [];
  if (
    hasEntries(project.dependencies) ||
    hasEntries(project['optional-dependencies']) ||
    dynamic.some(
      field => field === 'dependencies' || field === 'optional-dependencies',
    ) ||
    hasEntries(data['dependency-groups'])
  )
    return false;
  const uv = isTable(tool.uv) ? tool.uv : {};
  if (hasEntries(uv['dev-dependencies']) || uv.workspace !== undefined)
    return false;
  const pdm = isTable(tool.pdm) ? tool.pdm : {};
  if (hasEntries(pdm['dev-dependencies'])) return false;
  return !(isTable(tool.poetry) && poetryDeclares(tool.poetry));
}

/** For a parsed Pipfile: true when neither `packages` nor `dev-packages` lists one. */
export function pipfileDeclaresNoDependencies(data: Table): boolean {
  return !hasEntries(data.packages) && !hasEntries(data['dev-packages']);
}

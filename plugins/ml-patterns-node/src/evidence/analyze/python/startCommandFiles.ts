import { baseName, dirName } from '../paths';
import { parse as parseToml } from 'smol-toml';
import { parseYamlDocuments } from '../yamlDocuments';
import type { PythonProject } from './pythonProject';

/**
 * The files a start command leads to: a shell script it runs, the console
 * scripts a `pyproject.toml` installs, the service a bentofile names.
 */

/** A shell script (or Procfile-like file) named by a command, nearest to the command's folder. */
export function resolveFile(
  project: PythonProject,
  textOf: (path: string) => string | undefined,
  script: string,
  near: string,
): string | undefined {
  const clean = script.replace(/^\.?\/+/, '');
  const segments = clean.split('/').filter(s => s && s !== '.');
  for (let i = 0; i < segments.length; i++) {
    const key = segments.slice(i).join('/');
    const candidates = [...project.files].filter(
      p => p === key || p.endsWith(`/${key}`),
    );
    candidates.sort(
      (a, b) =>
        Number(!a.startsWith(near)) - Number(!b.startsWith(near)) ||
        a.length - b.length,
    );
    const found = candidates.find(p => textOf(p) !== undefined);
    if (found) return found;
  }
  return undefined;
}

/** Console scripts the project installs (`[project.scripts]`, Poetry's `[tool.poetry.scripts]`): name → module. */
export function consoleScripts(
  project: PythonProject,
  textOf: (path: string) => string | undefined,
): Map<string, { module: string; near: string }> {
  const scripts = new Map<string, { module: string; near: string }>();
  for (const path of project.files) {
    if (baseName(path) !== 'pyproject.toml') continue;
    const text = textOf(path);
    if (text === undefined) continue;
    let parsed: {
      project?: { scripts?: unknown };
      tool?: { poetry?: { scripts?: unknown } };
    };
    try {
      parsed = parseToml(text);
    } catch {
      continue;
    }
    for (const table of [
      parsed.project?.scripts,
      parsed.tool?.poetry?.scripts,
    ]) {
      if (!table || typeof table !== 'object') continue;
      for (const [name, value] of Object.entries(table)) {
        if (typeof value === 'string' && !scripts.has(name)) {
          scripts.set(name, {
            module: value.split(':')[0].trim(),
            near: dirName(path),
          });
        }
      }
    }
  }
  return scripts;
}

/** The module and service of `service:` in a bentofile next to the command (or anywhere). */
export function bentoService(
  project: PythonProject,
  textOf: (path: string) => string | undefined,
  near: string,
): { path: string; service?: string } | undefined {
  const files = [...project.files].filter(p =>
    /(^|\/)bentofile\.ya?ml$/.test(p),
  );
  files.sort(
    (a, b) =>
      Number(dirName(a) !== near) - Number(dirName(b) !== near) ||
      a.length - b.length,
  );
  for (const file of files) {
    const text = textOf(file);
    if (text === undefined) continue;
    const service = parseYamlDocuments(file, text, []).documents[0]?.doc.get(
      'service',
    );
    if (typeof service !== 'string') continue;
    const [module, name] = service.replace(/\.py(?=:|$)/, '').split(':');
    const path = project.resolveCommandModule(module, dirName(file));
    if (path) return { path, service: name?.trim() || undefined };
  }
  return undefined;
}

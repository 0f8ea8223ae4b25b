import { EvidenceProblem } from '../../types';
import { ParsedDockerfile } from '../dockerfile';
import { baseName } from '../paths';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * The image `cog build` makes from a `cog.yaml` (Replicate's Cog), as the
 * stages of the Dockerfile Cog generates: a Python base, the `build.run`
 * steps, then the whole project folder copied to `/src`, where the
 * predictor named by `predict:` runs (`python -m cog.server.http`). Read
 * like any Dockerfile, so a model the build fetches, or one the predictor
 * loads from a folder of the project, is in the image. Lines point into
 * `cog.yaml`. Undefined when it names no predictor (a training-only
 * configuration serves nothing).
 */

/** Where Cog puts the project folder in the image and runs the predictor. */
const PROJECT_DIR = '/src';
const SERVER = ['python', '-m', 'cog.server.http'];

export function isCogConfig(path: string): boolean {
  return baseName(path) === 'cog.yaml';
}

/** What starts a Cog image's predictor: `python -m cog.server.http`. */
export const COG_RUNTIME = 'cog';

/**
 * The predictor a `cog.yaml` names (`predict: "predict.py:Predictor"`):
 * Cog's server imports its script and calls `setup()` once, when the
 * container starts, then `predict()` per request.
 */
export function cogPredictor(
  path: string,
  text: string,
): { script: string; line: number } | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const first = parsed.documents[0];
  if (!first) return undefined;
  const nav = new YamlNav(first.doc);
  const node = nav.get(first.root, 'predict');
  const script = nav.str(node)?.split(':')[0].trim();
  return script?.endsWith('.py')
    ? { script, line: parsed.lineOf(node) ?? 1 }
    : undefined;
}

export function cogImage(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): ParsedDockerfile | undefined {
  const parsed = parseYamlDocuments(path, text, problems);
  const first = parsed.documents[0];
  if (!first) return undefined;
  const nav = new YamlNav(first.doc);
  const predictNode = nav.get(first.root, 'predict');
  if (!nav.str(predictNode)) return undefined;
  const predictLine = parsed.lineOf(predictNode) ?? 1;
  const build = nav.get(first.root, 'build');
  const version = nav.str(build, 'python_version');
  const run: Array<{ command: string; line: number }> = [];
  for (const step of nav.items(build, 'run')) {
    // `- "curl …"` or `- command: "curl …"` (with mounts).
    const command = nav.str(step) ?? nav.str(step, 'command');
    if (command?.trim())
      run.push({ command: command.trim(), line: parsed.lineOf(step) ?? 1 });
  }
  const serve = { value: SERVER.join(' '), line: predictLine, argv: SERVER };
  return {
    globalArgs: [],
    stages: [
      {
        name: '0',
        baseImage: `python:${version ?? '3'}`,
        line: parsed.lineOf(build) ?? 1,
        copies: [
          {
            line: predictLine,
            instruction: 'COPY',
            sources: ['.'],
            destination: PROJECT_DIR,
          },
        ],
        env: [],
        args: [],
        run,
        workdirAt: [{ line: 0, dir: PROJECT_DIR }],
        cmd: serve,
        command: { value: serve.value, line: serve.line },
        rawArguments: new Map([
          ...run.map(r => [r.line, { text: r.command, line: r.line }] as const),
          [serve.line, { text: serve.value, line: serve.line }] as const,
        ]),
        volumes: [],
      },
    ],
  };
}

import { parse } from 'shell-quote';
import { baseName } from '../paths';
import { sharedParse } from '../sharedParses';

/**
 * What a start command runs, read with a shell parser (`shell-quote`):
 * the Python module or script behind a server launcher (`uvicorn
 * app.main:app`, `gunicorn wsgi:app()`, `flask --app api run`, `bentoml
 * serve service:svc`, `serve run app:deployment`, `streamlit run ui.py`),
 * `python -m pkg`, `python server.py`, inline `python -c "…"` code, a
 * start script it calls, or a server that is not Python code of the
 * repository (`torchserve`, `tritonserver`, …).
 */
export type CommandTarget =
  | ({ kind: 'module'; module: string } & Launched)
  | ({ kind: 'script'; script: string } & Launched)
  | { kind: 'inline'; code: string }
  | { kind: 'shell-script'; script: string }
  | { kind: 'bentofile'; launcher: string }
  /** A program the project may install itself (`[project.scripts]`). */
  | { kind: 'console-script'; name: string }
  | { kind: 'other-server'; launcher: string };

interface Launched {
  launcher: string;
  folder?: string;
  /**
   * The BentoML service the server starts (`bentoml serve module:svc`);
   * `$NAME` when a variable without a known value names it.
   */
  service?: string;
}

/** Launchers that start a network server (their process serves requests). */
export const SERVER_LAUNCHERS = new Set([
  'uvicorn',
  'gunicorn',
  'hypercorn',
  'daphne',
  'granian',
  'waitress-serve',
  'uwsgi',
  'flask',
  'fastapi',
  'streamlit',
  'chainlit',
  'panel',
  'gradio',
  'solara',
  'shiny',
  'bentoml',
  'serve',
  'celery',
  'litserve',
  'seldon-core-microservice',
]);

/** Model servers and other programs that run no Python module of the repository. */
const OTHER_SERVERS = new Set([
  'torchserve',
  'tensorflow_model_server',
  'tritonserver',
  'mlserver',
  'text-generation-launcher',
  'vllm',
  'ollama',
  'mlflow',
  'java',
  'node',
  'nginx',
  'caddy',
  'envoy',
  'ray',
  'jupyter',
  'llama-server',
  'tgi',
]);

/** Shell built-ins and tools that are never a project's own console script. */
const SHELL_TOOLS = new Set([
  'echo',
  'printf',
  'sleep',
  'cd',
  'export',
  'set',
  'source',
  'eval',
  'test',
  'true',
  'false',
  'wait',
  'trap',
  'exit',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'ln',
  'ls',
  'cat',
  'chmod',
  'chown',
  'touch',
  'tail',
  'grep',
  'sed',
  'awk',
  'find',
  'kill',
  'curl',
  'wget',
  'tar',
  'unzip',
  'git',
  'pip',
  'pip3',
  'apt-get',
  'apk',
  'until',
  'while',
  'if',
  'then',
  'fi',
  'do',
  'done',
  'for',
]);

/** Command prefixes that run the rest of the line (`exec`, `uv run`, `conda run -n env`). */
const WRAPPERS = new Set([
  'exec',
  'nohup',
  'time',
  'sudo',
  'dumb-init',
  'tini',
  'ddtrace-run',
  'opentelemetry-instrument',
  'xvfb-run',
  'stdbuf',
  'taskset',
  'nice',
  'chpst',
]);

/** Tools whose `run` sub-command runs the rest of the line in an environment. */
export const RUNNERS: ReadonlySet<string> = new Set([
  'uv',
  'poetry',
  'pipenv',
  'pdm',
  'hatch',
  'rye',
  'conda',
  'mamba',
  'micromamba',
  'pixi',
]);

/** Options a runner takes before its sub-command that take a value (`uv --directory app run …`). */
const RUNNER_GLOBAL_VALUED = new Set([
  '--directory',
  '--project',
  '--config-file',
  '--cache-dir',
  '--color',
  '--python',
  '-p',
]);

/** Where a runner's `run` sub-command is, after its global options (`uv -n run`); -1 when it has none. */
function runWordAt(words: string[]): number {
  let at = 1;
  while (at < 8 && words[at]?.startsWith('-'))
    at += RUNNER_GLOBAL_VALUED.has(words[at]) ? 2 : 1;
  return words[at] === 'run' ? at : -1;
}

/** Options of wrappers and runners that take a value. */
const VALUE_OPTIONS = new Set([
  '-n',
  '--name',
  '-p',
  '--prefix',
  '-u',
  '--user',
  '--with',
  '--env-file',
  '--python',
  '--package',
  '--project',
  '--group',
  '-e',
  '--environment',
]);

const MAX_COMMAND = 8192;

/** `module.path:attribute` as uvicorn, gunicorn and friends take it (`wsgi:app()`, `main:create_app()`). */
const APP_TARGET = /^([A-Za-z_][\w.]*):[A-Za-z_][\w.]*(?:\(.*\))?$/;

/** `bentoml serve`'s `module:svc` or `path/service.py:Svc`, the service possibly a variable. */
const BENTO_TARGET = /^([\w./-]+):(\$\{?\w+\}?|[A-Za-z_]\w*)$/;

/**
 * Splits a command line into simple commands (at `&&`, `;`, `|`, …), each
 * a list of words (read, never changed, by the callers). A start script
 * several containers run is split once per analysis.
 */
function simpleCommands(line: string): string[][] {
  return sharedParse('command-line', line, '', [], () => splitCommands(line));
}

function splitCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(line.slice(0, MAX_COMMAND), key => `$${key}`);
  } catch {
    return [];
  }
  // Inside `$( … )`: a command whose output is used, not a process that keeps running.
  let substitution = 0;
  for (const entry of entries) {
    const current = commands[commands.length - 1];
    if (typeof entry === 'string') {
      if (substitution === 0) current.push(entry);
    } else if ('op' in entry) {
      if (entry.op === 'glob') {
        if (substitution === 0) current.push(entry.pattern);
      } else if (
        entry.op === '(' &&
        (substitution > 0 || current[current.length - 1]?.endsWith('$'))
      ) {
        substitution++;
      } else if (entry.op === ')' && substitution > 0) {
        substitution--;
      } else if (substitution === 0) {
        commands.push([]);
      }
    } else if (typeof entry === 'object' && entry !== null) {
      // A comment ends the line.
      break;
    }
  }
  return commands.filter(c => c.length > 0);
}

/** What one command line runs (several targets for `a && b`, `sh -c "…"`). */
export function commandTargets(
  line: string,
  env: ReadonlyMap<string, string> = new Map(),
  depth = 0,
): CommandTarget[] {
  const targets: CommandTarget[] = [];
  for (const words of simpleCommands(line)) {
    targets.push(...targetsOf(words, new Map(env), depth));
  }
  return targets;
}

function targetsOf(
  input: string[],
  env: Map<string, string>,
  depth: number,
): CommandTarget[] {
  let words = [...input];
  // Leading assignments and wrappers.
  for (let guard = 0; guard < 20 && words.length > 0; guard++) {
    const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(words[0]);
    if (assignment) {
      env.set(assignment[1], assignment[2]);
      words = words.slice(1);
      continue;
    }
    const program = baseName(words[0]);
    if (program === 'env') {
      words = words.slice(1);
      while (words[0]?.startsWith('-')) {
        words = words.slice(VALUE_OPTIONS.has(words[0]) ? 2 : 1);
      }
      continue;
    }
    if (WRAPPERS.has(program) || program === 'gosu' || program === 'su-exec') {
      words = words.slice(program === 'gosu' || program === 'su-exec' ? 2 : 1);
      while (words[0]?.startsWith('-')) {
        const takesValue = words[0] !== '--' && VALUE_OPTIONS.has(words[0]);
        words = words.slice(takesValue ? 2 : 1);
      }
      continue;
    }
    const run = RUNNERS.has(program) ? runWordAt(words) : -1;
    if (run > 0) {
      words = words.slice(run + 1);
      while (words[0]?.startsWith('-')) {
        words = words.slice(VALUE_OPTIONS.has(words[0]) ? 2 : 1);
      }
      continue;
    }
    if (program === 'newrelic-admin' && words[1] === 'run-program') {
      words = words.slice(2);
      continue;
    }
    break;
  }
  if (words.length === 0) return [];
  const program = baseName(words[0]);
  const args = words.slice(1);
  if (/^(?:ba|da|z)?sh$/.test(program)) {
    const inline = args.indexOf('-c');
    if (inline >= 0 && args[inline + 1] !== undefined && depth < 3) {
      return commandTargets(args[inline + 1], env, depth + 1);
    }
    const script = args.find(a => !a.startsWith('-'));
    return script ? [{ kind: 'shell-script', script }] : [];
  }
  if (program.endsWith('.sh'))
    return [{ kind: 'shell-script', script: words[0] }];
  if (/^(?:python|pypy)[\d.]*$/.test(program)) return python(args);
  if (SERVER_LAUNCHERS.has(program)) return launcher(program, args, env);
  if (OTHER_SERVERS.has(program))
    return [{ kind: 'other-server', launcher: program }];
  if (!SHELL_TOOLS.has(program) && /^[A-Za-z][\w.-]{0,60}$/.test(program)) {
    return [{ kind: 'console-script', name: program }];
  }
  return [];
}

function python(args: string[]): CommandTarget[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-m' && args[i + 1]) {
      const module = args[i + 1];
      if (SERVER_LAUNCHERS.has(module)) {
        return launcher(module, args.slice(i + 2), new Map());
      }
      return [{ kind: 'module', module, launcher: 'python' }];
    }
    if (arg === '-c' && args[i + 1] !== undefined) {
      return [{ kind: 'inline', code: args[i + 1] }];
    }
    if (arg === '-W' || arg === '-X') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return [{ kind: 'script', script: arg, launcher: 'python' }];
  }
  return [];
}

function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

function moduleOrScript(
  target: string,
  by: string,
  folder?: string,
  service?: string,
): CommandTarget {
  const app = APP_TARGET.exec(target);
  const module = app ? app[1] : target;
  if (/\.py$/.test(module) || module.includes('/')) {
    return { kind: 'script', script: module, launcher: by, folder, service };
  }
  return { kind: 'module', module, launcher: by, folder, service };
}

/** gunicorn options that take no value; every other option takes the next word. */
const GUNICORN_FLAGS = new Set([
  '--preload',
  '--reload',
  '-D',
  '--daemon',
  '--check-config',
  '--print-config',
  '--spew',
  '--capture-output',
  '--enable-stdio-inheritance',
  '--strip-header-newline',
  '--reuse-port',
  '--no-sendfile',
  '--paste',
  '-R',
]);

/** The positional `module` of a gunicorn command (`gunicorn -w 3 --preload svc.app`). */
function gunicornModule(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && !GUNICORN_FLAGS.has(arg)) i++;
      continue;
    }
    if (/^[A-Za-z_][\w.]*$/.test(arg)) return arg;
  }
  return undefined;
}

function launcher(
  program: string,
  args: string[],
  env: ReadonlyMap<string, string>,
): CommandTarget[] {
  const positional = args.filter(a => !a.startsWith('-'));
  switch (program) {
    case 'flask': {
      const app = optionValue(args, ['--app', '-A']) ?? env.get('FLASK_APP');
      return [moduleOrScript(app ?? 'app', program)];
    }
    case 'fastapi': {
      const path = positional.find(a => a !== 'run' && a !== 'dev');
      return [moduleOrScript(path ?? 'main.py', program)];
    }
    case 'streamlit':
    case 'chainlit':
    case 'panel':
    case 'solara':
    case 'shiny':
    case 'gradio': {
      const script = positional.find(a => /\.py$/.test(a));
      return script ? [{ kind: 'script', script, launcher: program }] : [];
    }
    case 'celery': {
      const app = optionValue(args, ['-A', '--app']);
      return app ? [moduleOrScript(app.split(':')[0], program)] : [];
    }
    case 'bentoml': {
      if (!/^serve/.test(positional[0] ?? '')) return [];
      const target = positional[1];
      const named = target === undefined ? null : BENTO_TARGET.exec(target);
      if (named) {
        const variable = /^\$\{?(\w+)\}?$/.exec(named[2]);
        const value = variable ? env.get(variable[1]) : named[2];
        const service =
          value && /^[A-Za-z_]\w*$/.test(value) ? value : `$${variable?.[1]}`;
        return [moduleOrScript(named[1], program, undefined, service)];
      }
      if (target && APP_TARGET.test(target)) {
        return [moduleOrScript(target, program)];
      }
      return [{ kind: 'bentofile', launcher: program }];
    }
    case 'serve': {
      if (positional[0] !== 'run') return [];
      const target = positional[1];
      return target && APP_TARGET.test(target)
        ? [moduleOrScript(target, program)]
        : [];
    }
    case 'seldon-core-microservice': {
      // Seldon Core's Python wrapper imports the module its first argument
      // names (often `$MODEL_NAME`) and serves the class of that name.
      const name = positional[0] ?? '';
      const variable = /^\$\{?(\w+)\}?$/.exec(name);
      const module = variable ? env.get(variable[1]) : name;
      return module && /^[A-Za-z_][\w.]*$/.test(module)
        ? [{ kind: 'module', module, launcher: program }]
        : [];
    }
    case 'uwsgi': {
      const module = optionValue(args, ['--module', '-w', '--wsgi']);
      if (module) return [moduleOrScript(module, program)];
      const file = optionValue(args, ['--wsgi-file', '--file']);
      return file ? [{ kind: 'script', script: file, launcher: program }] : [];
    }
    default: {
      const folder = optionValue(args, ['--app-dir', '--chdir']);
      const target = args.find(a => APP_TARGET.test(a));
      if (target) return [moduleOrScript(target, program, folder)];
      // gunicorn takes `module` alone (its `application` callable).
      const module = program === 'gunicorn' ? gunicornModule(args) : undefined;
      return module
        ? [{ kind: 'module', module, launcher: program, folder }]
        : [];
    }
  }
}

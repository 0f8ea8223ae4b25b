import type { SyntaxNode } from '@lezer/common';
import { PythonModule } from './pythonModule';
import { partsOf } from './syntax';

/** A Python script another Python script runs in a child process. */
export interface ChildPythonScript {
  /** The script as written (`precache.py`, `scripts/fetch.py`). */
  script: string;
  /** The line of the call that runs it. */
  line: number;
}

/** `subprocess` functions that run a command and, but for `Popen`, wait for it. */
const SUBPROCESS = new Set([
  'run',
  'call',
  'check_call',
  'check_output',
  'Popen',
]);

/** `python`, `python3`, `/usr/bin/python3.11`. */
const PYTHON = /^(?:.*\/)?python[0-9.]*$/;

/** Texts at most this long are read for child scripts (start scripts are short). */
const MAX_TEXT = 200_000;

/**
 * The Python scripts a script runs as child processes with the Python
 * interpreter (`subprocess.run([sys.executable, "fetch.py"])`,
 * `subprocess.check_call(["python", "fetch.py"])`): a start script that
 * runs a download script before it starts the server. Argument lists
 * written as literals only; `-m module` runs are left out.
 */
export function childPythonScripts(
  path: string,
  text: string,
): ChildPythonScript[] {
  if (text.length > MAX_TEXT || !text.includes('subprocess')) return [];
  const module = new PythonModule(path, text);
  const found: ChildPythonScript[] = [];
  for (const call of module.calls) {
    if (!call.dotted || !isSubprocessCall(module, call.dotted)) continue;
    const command = call.args.positional[0] ?? call.args.keyword.get('args');
    if (!command || command.name !== 'ArrayExpression') continue;
    const script = scriptOfArgv(module, partsOf(command));
    if (script) found.push({ script, line: call.line });
  }
  return found;
}

/** `subprocess.run`, `sp.call`, or `run` imported from `subprocess`. */
function isSubprocessCall(module: PythonModule, dotted: string): boolean {
  const parts = dotted.split('.');
  const name = parts[parts.length - 1];
  if (!SUBPROCESS.has(name)) return false;
  const binding = module.importOf(parts[0]);
  if (!binding) return false;
  return parts.length === 1
    ? binding.module === 'subprocess' && binding.name === name
    : parts.length === 2 && binding.module === 'subprocess' && !binding.name;
}

/** The `.py` file an argument list runs with the interpreter (its first two items). */
function scriptOfArgv(
  module: PythonModule,
  items: SyntaxNode[],
): string | undefined {
  const [interpreter, script] = items;
  if (!interpreter || !script) return undefined;
  const syntax = module.syntax;
  const head = syntax.stringValue(interpreter);
  const isInterpreter =
    head !== undefined
      ? PYTHON.test(head)
      : syntax.textOf(interpreter) === 'sys.executable';
  if (!isInterpreter) return undefined;
  const value = syntax.stringValue(script);
  return value !== undefined && /^[\w./-]{1,200}\.py$/.test(value)
    ? value
    : undefined;
}

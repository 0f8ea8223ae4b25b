import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import { partsOf } from './syntax';

/** `subprocess` calls that start a command. */
const SUBPROCESS_CALLS = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
]);

/** Programs that run other code, not a model: their `--model` is a script's option. */
const INTERPRETERS =
  /^(?:.*\/)?(?:python[0-9.]*|bash|sh|zsh|node|uv|poetry|conda)$/;

/**
 * A model runner started in a child process with the model it runs
 * (`subprocess.Popen(["piper", "--model", voice, …])`, the argument list
 * written at the call or assigned just before it in the same function):
 * the process serves that model through the child. The node naming the
 * model (the item after `--model`), else undefined.
 */
export function modelCommandOption(
  module: PythonModule,
  call: CallInfo,
  canonical: string,
): SyntaxNode | undefined {
  if (!SUBPROCESS_CALLS.has(canonical)) return undefined;
  let command: SyntaxNode | undefined =
    call.args.positional[0] ?? call.args.keyword.get('args');
  if (command?.name === 'VariableName') {
    const name = module.syntax.textOf(command);
    const assigned = module
      .assignmentsTo(name)
      .filter(a => a.fn === call.fn && a.from < call.node.from && a.value);
    command = assigned[assigned.length - 1]?.value;
  }
  if (!command || command.name !== 'ArrayExpression') return undefined;
  const items = partsOf(command);
  const program = items[0] && module.syntax.stringValue(items[0]);
  if (!program || INTERPRETERS.test(program)) return undefined;
  for (let i = 1; i < items.length - 1 && i < 32; i++) {
    if (module.syntax.stringValue(items[i]) === '--model') return items[i + 1];
  }
  return undefined;
}

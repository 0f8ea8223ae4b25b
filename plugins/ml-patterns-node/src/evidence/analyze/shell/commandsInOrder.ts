import { ShellCommand, ShellScript } from './shellScript';

/**
 * The commands a script runs, in line order, each after the plain
 * assignments above it have been set in `variables` (their values expanded
 * as the shell would); commands inside `$(…)` are left out, since their
 * output is a word of another command.
 */
export function* commandsInOrder(
  script: ShellScript,
  variables: Map<string, string>,
  expand: (word: string) => string | undefined,
): Generator<ShellCommand> {
  const assigned = script.variables;
  let next = 0;
  for (const command of script.commands) {
    while (next < assigned.length && assigned[next].line <= command.line) {
      const { name, value } = assigned[next++];
      variables.set(name, expand(value) ?? value);
    }
    if (!command.substitution) yield command;
  }
}

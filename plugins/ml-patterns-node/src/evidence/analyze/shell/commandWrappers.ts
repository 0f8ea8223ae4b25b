import type { ShellCommand } from './shellScript';

/**
 * Commands that run another command (`exec`, `env A=1`, `sudo -u u`,
 * `gosu user`, `tini --`, `xargs -I {}`): the command they run.
 */

export const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Words that wrap another command: the real command follows. */
const WRAPPERS = new Set([
  'exec',
  'nohup',
  'sudo',
  'time',
  'command',
  'builtin',
  'env',
  'gosu',
  'su-exec',
  'tini',
  'dumb-init',
  'setsid',
  'stdbuf',
  'chroot',
]);

/** Options of wrappers that take a value. */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  stdbuf: new Set(['-i', '-o', '-e']),
};

/** xargs options that take a value (`-I {}`, `-n 1`, `-P 4`). */
const XARGS_VALUE_OPTIONS = new Set([
  '-I',
  '-i',
  '-n',
  '-P',
  '-L',
  '-d',
  '-E',
  '-s',
  '-a',
  '--arg-file',
  '--delimiter',
  '--max-args',
  '--max-procs',
  '--replace',
]);

/** The command a wrapper runs: `exec x`, `env A=1 x`, `sudo -u u x`, `gosu user x`, `tini -- x`. */
export function unwrap(words: string[]): {
  words: string[];
  exec: boolean;
  assignments: ShellCommand['assignments'];
} {
  let rest = words;
  let exec = false;
  const assignments: ShellCommand['assignments'] = [];
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const head = rest[0].replace(/^.*\//, '');
    if (!WRAPPERS.has(head)) break;
    if (head === 'exec') exec = true;
    let i = 1;
    const valued = WRAPPER_VALUE_OPTIONS[head];
    while (i < rest.length && rest[i].startsWith('-')) {
      if (rest[i] === '--') {
        i++;
        break;
      }
      if (valued?.has(rest[i])) i++;
      i++;
    }
    if (head === 'env') {
      while (i < rest.length && ASSIGNMENT.test(rest[i])) {
        const [, name, value] = ASSIGNMENT.exec(rest[i])!;
        assignments.push({ name, value });
        i++;
      }
    }
    // `gosu user cmd`, `su-exec user cmd`, `chroot dir cmd`: one argument before the command.
    if (
      (head === 'gosu' || head === 'su-exec' || head === 'chroot') &&
      i < rest.length
    )
      i++;
    rest = rest.slice(i);
  }
  return { words: rest, exec, assignments };
}

/** `xargs -I {} curl …` → the command xargs runs. */
export function xargsCommand(
  words: string[],
): { words: string[]; replace?: string } | undefined {
  if (words[0]?.replace(/^.*\//, '') !== 'xargs') return undefined;
  let replace: string | undefined;
  let i = 1;
  while (i < words.length && words[i].startsWith('-')) {
    const option = words[i];
    if (option === '-I' || option === '--replace') replace = words[i + 1];
    else if (option.startsWith('-I') && option.length > 2)
      replace = option.slice(2);
    else if (option === '-i') replace = '{}';
    if (XARGS_VALUE_OPTIONS.has(option)) i++;
    i++;
  }
  return { words: words.slice(i), replace };
}

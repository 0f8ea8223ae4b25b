import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Creates a named pipe (FIFO) at `file`. */
export function makeNamedPipe(file: string): void {
  execFileSync('mkfifo', [file]);
}

/**
 * How long a read touching a named pipe may go unanswered before it counts
 * as stalled. A read that never opens the pipe answers in milliseconds; one
 * that opens it for reading waits for a writer for ever.
 */
const STALL_AFTER_MS = 3000;

/**
 * Awaits `work`, failing when it stalls. A stalled read is then released
 * (a writer opens and closes each pipe, so a blocked open returns) before
 * the test fails, so the test run itself is not left hanging.
 */
export async function unlessStalledOnPipes<T>(
  work: Promise<T>,
  pipes: string[],
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<{ stalled: true }>(resolve => {
    timer = setTimeout(() => resolve({ stalled: true }), STALL_AFTER_MS);
  });
  const settled = work.then(
    value => ({ value }),
    (error: unknown) => ({ error }),
  );
  const outcome = await Promise.race([settled, stalled]);
  clearTimeout(timer);
  if ('stalled' in outcome) {
    for (const pipe of pipes) {
      try {
        fs.closeSync(
          fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK),
        );
      } catch {
        // No reader waiting on this one.
      }
    }
    await settled;
    throw new Error(
      `the read stalled on a named pipe (no answer within ${STALL_AFTER_MS} ms)`,
    );
  }
  if ('error' in outcome) {
    throw outcome.error;
  }
  return outcome.value;
}

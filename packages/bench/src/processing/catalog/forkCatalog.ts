import { execFileSync, fork } from 'node:child_process';

/**
 * A catalog in a process of its own, as in production: its heap, garbage
 * collection and CPU time are its own, so neither catalog's work is
 * charged to the other (in one process, the second catalog started ran up
 * to 10 % faster or slower than an identical first one).
 */
export interface CatalogProcess {
  label: string;
  withModule: boolean;
  call<T>(cmd: string, args?: object): Promise<T>;
  /** Pins the process, all its threads, to one CPU; false if it can't. */
  pin(cpu: number): boolean;
}

export async function forkCatalog(options: {
  label: string;
  withModule: boolean;
  root: string;
  githubApi: string;
}): Promise<CatalogProcess> {
  const child = fork(require.resolve('./catalogProcess'), [], {
    env: { ...process.env, BENCH_CATALOG: JSON.stringify(options) },
  });
  const pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`${options.label} catalog exited with ${code}`)),
    );
    child.on('message', (message: any) => {
      if (message.ready) resolve();
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', code => {
    for (const { reject } of pending.values()) {
      reject(new Error(`${options.label} catalog exited with ${code}`));
    }
  });
  return {
    label: options.label,
    withModule: options.withModule,
    pin: cpu => {
      try {
        execFileSync('taskset', ['-a', '-cp', String(cpu), String(child.pid)], {
          stdio: 'ignore',
        });
        return true;
      } catch {
        return false; // no taskset (not Linux), or fewer CPUs
      }
    },
    call: (cmd, args = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      }),
  };
}

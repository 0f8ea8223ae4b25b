import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ReplicaOptions } from './ReplicaOptions';

/** A backend replica in a process of its own, as in production. */
export interface Replica {
  label: string;
  pid: number;
  /** The port its HTTP API listens on (localhost). */
  port: number;
  call<T>(cmd: 'processed' | 'rssMb' | 'stop'): Promise<T>;
  /** Ends it at once, mid-work (SIGKILL): no shutdown of any kind. */
  kill(): Promise<void>;
}

/**
 * Starts a replica and resolves once its backend is up. TypeScript runs
 * through Backstage's node transform, in the bench as in a test. The
 * process is added to `forked` at once, so that a caller can end it even
 * when it fails to start.
 */
export async function forkReplica(
  options: ReplicaOptions,
  forked: Array<Pick<Replica, 'kill'>> = [],
): Promise<Replica> {
  const child: ChildProcess = fork(require.resolve('./replicaProcess'), [], {
    env: { ...process.env, BENCH_REPLICA: JSON.stringify(options) },
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    // BENCH_REPLICA_LOGS=<folder>: each replica's output in <label>.log.
    silent: Boolean(process.env.BENCH_REPLICA_LOGS),
  });
  if (process.env.BENCH_REPLICA_LOGS) {
    const log = fs.createWriteStream(
      path.join(process.env.BENCH_REPLICA_LOGS, `${options.label}.log`),
      { flags: 'a' },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  }
  const pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  let exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  forked.push({ kill });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`${options.label} exited with ${code} while starting`)),
    );
    child.on('message', (message: any) => {
      if (message.ready) resolve(message.port);
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });
  child.removeAllListeners('exit');
  exited = new Promise<void>(resolve =>
    child.on('exit', code => {
      for (const { reject } of pending.values()) {
        reject(new Error(`${options.label} exited with ${code}`));
      }
      resolve();
    }),
  );
  return {
    label: options.label,
    pid: child.pid!,
    port,
    call: cmd =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd });
      }),
    kill,
  };
}

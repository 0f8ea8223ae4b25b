import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ReplicaOptions } from './ReplicaOptions';
import { ReplicaChannel, ReplicaCommand } from './replicaChannel';

/** A backend replica in a process of its own, as in production. */
export interface Replica {
  label: string;
  pid: number;
  /** The port its HTTP API listens on (localhost). */
  port: number;
  /** Rejects once the replica has exited: a call never waits for ever. */
  call<T>(cmd: ReplicaCommand): Promise<T>;
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
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  forked.push({ kill });
  const channel = new ReplicaChannel(child, options.label);
  const port = await new Promise<number>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    const ended = (code: number | null) =>
      reject(new Error(`${options.label} exited with ${code} while starting`));
    child.once('error', failed);
    child.once('exit', ended);
    child.on('message', (message: any) => {
      if (!message?.ready) return;
      child.off('error', failed);
      child.off('exit', ended);
      resolve(message.port);
    });
  });
  return {
    label: options.label,
    pid: child.pid!,
    port,
    call: cmd => channel.call(cmd),
    kill,
  };
}

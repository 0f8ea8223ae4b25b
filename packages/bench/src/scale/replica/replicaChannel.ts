import { ChildProcess } from 'node:child_process';

/** The calls a replica process answers (see replicaProcess). */
export type ReplicaCommand =
  | 'processed'
  | 'rssMb'
  | 'memoryPeaks'
  | 'resetMemoryPeaks'
  | 'retainedHeapMb'
  | 'cpuS'
  | 'startProfile'
  | 'stopProfile'
  | 'stop';

/**
 * Calls to a replica over its IPC channel. Every call settles: once the
 * process has exited, or when the message cannot be sent, it rejects. (A
 * `send` to a child that has exited neither throws nor calls back unless
 * given a callback: Node emits an `error` event instead, and a call that
 * waited for an answer would wait for ever.)
 */
export class ReplicaChannel {
  private readonly pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  private next = 0;
  private closed: Error | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly label: string,
  ) {
    child.on('message', (message: any) => {
      const waiting = this.pending.get(message?.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    child.on('exit', (code, signal) => {
      this.closed = new Error(`${label} exited with ${code ?? signal}`);
      for (const { reject } of this.pending.values()) reject(this.closed);
      this.pending.clear();
    });
    // Reported through the calls that fail; never an unhandled event.
    child.on('error', () => {});
  }

  call<T>(cmd: ReplicaCommand): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed || !this.child.connected) {
        reject(this.closed ?? new Error(`${this.label} is not connected`));
        return;
      }
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd }, error => {
        if (!error) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }
}

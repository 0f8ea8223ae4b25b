import { ChildProcess, spawn } from 'node:child_process';
import { ReplicaChannel } from './replicaChannel';

/** A child that answers every call with its command, as a replica would. */
function echoChild(): ChildProcess {
  return spawn(
    process.execPath,
    [
      '-e',
      `process.on('message', m => process.send({ id: m.id, result: m.cmd }));
       process.on('disconnect', () => process.exit(0));`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
}

const exitOf = (child: ChildProcess) =>
  new Promise<void>(resolve => child.once('exit', () => resolve()));

describe('ReplicaChannel', () => {
  it('answers calls while the replica runs', async () => {
    const child = echoChild();
    const exited = exitOf(child);
    try {
      const channel = new ReplicaChannel(child, 'replica-a');
      await expect(channel.call('processed')).resolves.toBe('processed');
      await expect(channel.call('rssMb')).resolves.toBe('rssMb');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('rejects a call made after the replica was killed, instead of leaving it unanswered', async () => {
    const child = echoChild();
    const channel = new ReplicaChannel(child, 'replica-a');
    await expect(channel.call('processed')).resolves.toBe('processed');
    const exited = exitOf(child);
    child.kill('SIGKILL');
    await exited;
    await expect(channel.call('processed')).rejects.toThrow(
      'replica-a exited with SIGKILL',
    );
  });

  it('rejects a call in flight when the replica dies', async () => {
    // A child that never answers: the call is pending when it is killed.
    const child = spawn(
      process.execPath,
      ['-e', 'setInterval(() => {}, 1000)'],
      {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    const channel = new ReplicaChannel(child, 'replica-b');
    const call = channel.call('processed');
    child.kill('SIGKILL');
    await expect(call).rejects.toThrow('replica-b exited with SIGKILL');
  });
});

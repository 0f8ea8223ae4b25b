import { fork } from 'node:child_process';
import { GithubCounts } from './fakeGithub';

/**
 * The stand-in for GitHub runs in a child process, as GitHub runs
 * elsewhere: its own work is not charged to the catalog WITH the module.
 * It reports its counts over IPC after each request.
 */
export async function forkFakeGithub(): Promise<{
  baseUrl: string;
  counts: GithubCounts;
  close: () => void;
}> {
  const child = fork(require.resolve('./fakeGithubProcess'));
  const counts: GithubCounts = {
    archive: 0,
    redownloads: 0,
    status: 0,
    other: 0,
  };
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`fake GitHub exited with ${code}`)),
    );
    child.on('message', (message: any) => {
      if (message.baseUrl) resolve(message.baseUrl);
      if (message.counts) Object.assign(counts, message.counts);
    });
  });
  child.removeAllListeners('exit');
  return { baseUrl, counts, close: () => child.kill() };
}

/*
 * The stand-in for GitHub, in a process of its own (see forkFakeGithub):
 * serves the generated repositories and reports its counts to the bench.
 */
import { generateRepositories } from '../organisation/repositories';
import { startFakeGithub } from './fakeGithub';

async function serveFakeGithub() {
  const repos = generateRepositories();
  const github = await startFakeGithub([...repos.serving, ...repos.training]);
  let last = '';
  setInterval(() => {
    const now = JSON.stringify(github.counts);
    if (now !== last) {
      last = now;
      process.send!({ counts: github.counts });
    }
  }, 20);
  process.on('disconnect', () => process.exit(0)); // the bench has ended
  process.send!({ baseUrl: github.baseUrl });
}

serveFakeGithub().catch(error => {
  console.error(error);
  process.exit(1);
});

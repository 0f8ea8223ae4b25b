/*
 * Brings the local copy of every corpus case that has none: a shallow fetch
 * of the case's commit from GitHub into `$ACCURACY_REPOS_DIR/owner+name`
 * (default: packages/accuracy/repos). Needs git and access to github.com.
 *
 *   yarn accuracy:fetch
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyOf, readCorpus } from './corpus';

// A script run from source, never built: the package folder is the one above.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '..');
/** Where the command was started (Yarn runs scripts in the package's folder). */
const startedIn = process.env.INIT_CWD ?? process.cwd();
const reposDir = path.resolve(
  startedIn,
  process.env.ACCURACY_REPOS_DIR ?? path.join(root, 'repos'),
);

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, stdio: 'inherit' });

const seen = new Set<string>();
for (const corpusCase of readCorpus(path.join(root, 'corpus'))) {
  const copy = copyOf(reposDir, corpusCase);
  if (seen.has(copy) || fs.existsSync(copy)) continue;
  seen.add(copy);
  console.log(`${corpusCase.repo}@${corpusCase.commit}`);
  fs.mkdirSync(copy, { recursive: true });
  try {
    git(copy, 'init', '-q');
    git(
      copy,
      'fetch',
      '-q',
      '--depth',
      '1',
      `https://github.com/${corpusCase.repo}.git`,
      corpusCase.commit,
    );
    git(copy, 'checkout', '-q', 'FETCH_HEAD');
  } catch (error) {
    fs.rmSync(copy, { recursive: true, force: true });
    console.error(`  could not fetch ${corpusCase.repo}: ${String(error)}`);
  }
}

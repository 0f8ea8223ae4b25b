/*
 * Regenerates the rule catalog in README.md from BUILT_IN_RULES:
 *   yarn docs:rules          (write)
 *   yarn docs:rules --check  (exit 1 when the README is out of date)
 *
 * The result is run through the repository's Prettier config, so
 * `prettier --write` and this script agree on the README.
 */
/* eslint-disable no-console */
import fs from 'fs';
import path from 'path';
// Prettier 2 (the repository's formatter) ships no type declarations.
// @ts-ignore
import prettier from 'prettier';
import { BUILT_IN_RULES } from '../src/rules';
import { withRuleCatalog } from '../src/docs/ruleCatalogMarkdown';

export const README_PATH = path.resolve(__dirname, '..', 'README.md');

/** The README as it should be: current text with a fresh, formatted rule catalog. */
export function renderReadme(current: string): string {
  const options = prettier.resolveConfig.sync(README_PATH) ?? {};
  return prettier.format(withRuleCatalog(current, BUILT_IN_RULES), {
    ...options,
    filepath: README_PATH,
  });
}

function main() {
  const current = fs.readFileSync(README_PATH, 'utf8');
  const updated = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (updated !== current) {
      console.error(
        'README.md rule catalog is out of date: run yarn docs:rules',
      );
      process.exit(1);
    }
    console.log('README.md rule catalog is up to date');
  } else if (updated !== current) {
    fs.writeFileSync(README_PATH, updated);
    console.log('README.md rule catalog updated');
  } else {
    console.log('README.md rule catalog already up to date');
  }
}

if (require.main === module) {
  main();
}

/**
 * The `ml-patterns` command line. `bin/ml-patterns` runs {@link runCli};
 * scripts that score many folders in one process (the accuracy corpus) call
 * it directly with their own {@link CliIo}.
 */
export { main as runCli } from './main';
export type { CliIo } from './main';

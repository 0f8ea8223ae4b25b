/** A problem with how the CLI was called: exit code 2. */
export class UsageError extends Error {
  name = 'UsageError';
}

import { isError, stringifyError } from '@backstage/errors';

/** An error's message alone, for a line that already says what failed. */
export function messageOf(error: unknown): string {
  return isError(error) ? error.message : stringifyError(error);
}

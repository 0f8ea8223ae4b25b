import { isError } from '@backstage/errors';

/**
 * The message of a thrown value, for reasons shown to users (evidence
 * problems, "not scored" reasons). Logs use `stringifyError`, which adds
 * the error's name.
 */
export function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

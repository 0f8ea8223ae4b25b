import { ResponseError } from '@backstage/errors';

/** True for an HTTP 404 from the backend (e.g. an entity out of scope). */
export function isNotFoundError(error: unknown): boolean {
  if (error instanceof ResponseError) {
    return error.statusCode === 404;
  }
  return (error as Error | undefined)?.name === 'NotFoundError';
}

/**
 * A one-line description of an error: for a backend error, the status and
 * the backend's own message (which ResponseError keeps in `cause`).
 */
export function describeError(error: Error): string {
  if (error instanceof ResponseError && error.cause?.message) {
    return error.cause.message.startsWith('Request failed')
      ? error.cause.message
      : `${error.message}: ${error.cause.message}`;
  }
  return error.message;
}

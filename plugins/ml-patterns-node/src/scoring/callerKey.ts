import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who a read is made for, as far as catalog visibility goes: the same user
 * or service sees the same entities. Caches of per-caller reads key on it,
 * so no answer crosses a permission boundary. Undefined for anything else
 * (then nothing may be cached).
 *
 * @alpha
 */
export function callerKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as
    | { type?: string; userEntityRef?: string; subject?: string }
    | undefined;
  if (principal?.type === 'user' && principal.userEntityRef) {
    return `user:${principal.userEntityRef}`;
  }
  if (principal?.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return undefined;
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who a read was made for, as far as catalog visibility goes: the same user
 * or service sees the same entities. Undefined for anything else (no
 * caching then).
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

interface Entry<T> {
  expiresAt: number;
  value: Promise<T>;
}

/**
 * A short-lived cache of per-caller reads, so the dashboards' successive
 * requests (a grouping switch, the drill-down, the team card) reuse one
 * catalog read instead of each paying for it; concurrent requests for the
 * same key share one read. Keys must include the caller (see
 * {@link callerKey}): entries never cross permission boundaries. Failed
 * reads are not kept.
 */
export class CallerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      now?: () => number;
    },
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  async get(key: string | undefined, load: () => Promise<T>): Promise<T> {
    if (!key || !this.enabled) {
      return load();
    }
    const now = (this.options.now ?? Date.now)();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.value;
    }
    this.evict(now);
    const value = load();
    this.entries.set(key, { expiresAt: now + this.options.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) {
        this.entries.delete(key);
      }
    });
    return value;
  }

  /** Drops expired entries, then the oldest ones beyond the size cap. */
  private evict(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.entries.delete(oldest);
    }
  }
}

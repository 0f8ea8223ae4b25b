import { CONTEXT_LIMITS, ScopeOptions } from './TreeReadResult';

/**
 * Keeps the files of a repository outside the scored folder within their
 * own caps, so the repository around a folder never makes the folder's
 * evidence unavailable: the listing stops at `maxFiles` entries (files the
 * context analysis wants are still listed), and content is kept for at
 * most `CONTEXT_LIMITS.maxKept` files and a quarter of the byte cap.
 * Crossing a cap only marks the context as read in part.
 */
export class ContextCollector {
  private seen = 0;
  private kept = 0;
  private bytes = 0;
  private truncatedReason: string | undefined;
  private readonly unknownSizes = new Set<string>();
  readonly listed: Array<{ path: string; size: number; sizeKnown: boolean }> =
    [];

  constructor(
    private readonly scope: ScopeOptions,
    private readonly limits: { maxFiles: number; maxBytes: number },
  ) {}

  get truncated(): string | undefined {
    return this.truncatedReason;
  }

  get scopePath(): string {
    return this.scope.path;
  }

  /** The reader did not tell this file's size when listing it. */
  sizeUnknown(path: string): boolean {
    return this.unknownSizes.has(path);
  }

  /** Lists one file outside the folder; true when its content is to be kept. */
  offer(path: string, size: number, sizeKnown: boolean): boolean {
    this.seen += 1;
    const wanted = this.scope.wantsContextContent(path, size);
    if (this.seen <= this.limits.maxFiles || wanted) {
      this.listed.push({ path, size, sizeKnown });
      if (!sizeKnown) this.unknownSizes.add(path);
    } else {
      this.truncate(
        `more than ${this.limits.maxFiles} files outside the folder; the rest is not listed`,
      );
    }
    if (!wanted) {
      return false;
    }
    if (this.kept >= CONTEXT_LIMITS.maxKept) {
      this.truncate(
        `more than ${CONTEXT_LIMITS.maxKept} files to read outside the folder`,
      );
      return false;
    }
    if (!this.takeBytes(size)) {
      return false;
    }
    this.kept += 1;
    return true;
  }

  /** Reserves content bytes (also for content whose size was not known when listed). */
  takeBytes(size: number): boolean {
    const cap = Math.floor(this.limits.maxBytes * CONTEXT_LIMITS.byteShare);
    if (this.bytes + size > cap) {
      this.truncate(`the files to read outside the folder exceed ${cap} bytes`);
      return false;
    }
    this.bytes += size;
    return true;
  }

  private truncate(reason: string) {
    this.truncatedReason ??= reason;
  }
}

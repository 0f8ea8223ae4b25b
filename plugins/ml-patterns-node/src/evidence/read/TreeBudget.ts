/**
 * Keeps one tree read within the file and byte caps. Every listed file is
 * counted; content is accepted only for files the analyzers want, while the
 * running total stays under the byte cap. The first cap crossed is kept as
 * the reason the evidence is unavailable.
 */
export class TreeBudget {
  private files = 0;
  private bytes = 0;
  private exceededReason: string | undefined;

  constructor(
    private readonly limits: { maxFiles: number; maxBytes: number },
    private readonly onExceeded: (reason: string) => void = () => {},
  ) {}

  /** Counts one listed file; false once the file cap is crossed. */
  countFile(): boolean {
    this.files += 1;
    if (this.files > this.limits.maxFiles) {
      this.exceed(`the tree has more than ${this.limits.maxFiles} files`);
      return false;
    }
    return true;
  }

  /** Reserves content bytes; false once the byte cap is crossed. */
  takeBytes(size: number): boolean {
    this.bytes += size;
    if (this.bytes > this.limits.maxBytes) {
      this.exceed(`the files to analyze exceed ${this.limits.maxBytes} bytes`);
      return false;
    }
    return true;
  }

  get exceeded(): string | undefined {
    return this.exceededReason;
  }

  get fileCount(): number {
    return this.files;
  }

  private exceed(reason: string) {
    if (!this.exceededReason) {
      this.exceededReason = `${reason} (cap exceeded)`;
      this.onExceeded(this.exceededReason);
    }
  }
}

/** Resident and heap memory of a process, in MiB. */
export interface MemoryFigures {
  /** Resident set: the main thread, worker threads, native memory, code. */
  rss: number;
  /** The main thread's V8 heap in use (worker threads have heaps of their own). */
  heapUsed: number;
  /** Memory outside V8's heap held by JavaScript objects (buffers included). */
  external: number;
  /** Of `external`, ArrayBuffers and Buffers. */
  arrayBuffers: number;
}

const MIB = 1024 * 1024;

/**
 * The highest value of each memory figure seen across samples of
 * `process.memoryUsage()`: which part of a replica's peak resident memory
 * is the main heap, buffers, or neither (worker threads, native memory).
 * Each figure peaks on its own, so the peaks need not add up.
 */
export class MemoryPeaks {
  private peak: MemoryFigures = {
    rss: 0,
    heapUsed: 0,
    external: 0,
    arrayBuffers: 0,
  };

  sample(usage: NodeJS.MemoryUsage = process.memoryUsage()): void {
    const p = this.peak;
    p.rss = Math.max(p.rss, usage.rss / MIB);
    p.heapUsed = Math.max(p.heapUsed, usage.heapUsed / MIB);
    p.external = Math.max(p.external, usage.external / MIB);
    p.arrayBuffers = Math.max(p.arrayBuffers, usage.arrayBuffers / MIB);
  }

  peaks(): MemoryFigures {
    return { ...this.peak };
  }

  /** Starts over: the peaks of what follows only (e.g. cycles after the first). */
  reset(): void {
    this.peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  }
}

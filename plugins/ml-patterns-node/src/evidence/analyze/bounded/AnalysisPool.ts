import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';

type RunOptions = NonNullable<Parameters<Piscina['run']>[1]>;
import { RepositoryEvidence, unavailableEvidence } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { AnalysisInput, packAnalysis } from './analysisTask';

export interface AnalysisPoolOptions {
  /** The module the workers load: `analysisWorker` or one like it. */
  filename: string;
  /** Analyses running at once (one worker thread each). */
  maxThreads?: number;
  /** A worker idle this long exits (the next analysis starts a new one). */
  idleTimeoutMs?: number;
  /** Heap of one worker: a file that makes an analysis balloon ends it, not the backend. */
  maxOldGenerationSizeMb?: number;
  /** Where worker failures outside an analysis are reported. */
  logger?: LoggerService;
}

/** Source (TypeScript) entry points load through the Backstage CLI's transform, as the CLI runs them. */
function workerExecArgv(filename: string): string[] | undefined {
  if (!/\.tsx?$/.test(filename)) return undefined;
  // `backstage-cli package start` passes it on the command line: inherited.
  if (process.execArgv.some(arg => arg.includes('nodeTransform')))
    return undefined;
  // Jest and the in-repository CLI register it in the process only.
  const transform = createRequire(filename).resolve(
    '@backstage/cli/config/nodeTransform.cjs',
  );
  return ['--require', transform];
}

/**
 * Repository analyses in worker threads (a `piscina` pool), each within a
 * time budget: past it the worker is terminated and the evidence is
 * unavailable with the reason, while the event loop stays free. Where
 * workers cannot start, analyses run in the calling thread (logged once).
 */
export class AnalysisPool {
  private pool?: Piscina;
  private started?: Promise<string | undefined>;
  private fallbackLogged = false;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly maxThreads: number;

  constructor(private readonly options: AnalysisPoolOptions) {
    this.maxThreads =
      options.maxThreads ??
      Math.max(1, Math.min(2, availableParallelism() - 1));
  }

  /** Starts the pool once and checks a worker answers; the reason when it cannot. */
  private start(): Promise<string | undefined> {
    this.started ??= (async () => {
      try {
        this.pool = new Piscina({
          filename: this.options.filename,
          execArgv: workerExecArgv(this.options.filename),
          minThreads: 0,
          maxThreads: this.maxThreads,
          idleTimeout: this.options.idleTimeoutMs ?? 30_000,
          resourceLimits: {
            maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? 1024,
          },
        });
        const pool = this.pool;
        // A worker that fails to load its module is reported as an 'error'
        // event of the pool (unhandled, it would end the process) while
        // the task waits forever: the first one decides the start.
        const failed = new Promise<never>((_, reject) =>
          pool.once('error', reject),
        );
        pool.on('error', error =>
          this.options.logger?.warn(
            `ml-patterns: an analysis worker failed: ${stringifyError(error)}`,
          ),
        );
        const answer = await Promise.race([pool.run('ping'), failed]);
        if (answer !== 'pong')
          throw new Error(`the worker answered ${String(answer)}`);
        return undefined;
      } catch (error) {
        const pool = this.pool;
        this.pool = undefined;
        await pool?.destroy().catch(() => undefined);
        return stringifyError(error);
      }
    })();
    return this.started;
  }

  private async acquire(): Promise<void> {
    if (this.running < this.maxThreads) {
      this.running++;
      return;
    }
    // The slot is handed over by `release`.
    await new Promise<void>(resolve => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /**
   * Analyzes one folder within `timeoutMs` of its start (time spent waiting
   * for a free worker does not count).
   */
  async analyze(
    input: AnalysisInput,
    limits: { timeoutMs: number; logger?: LoggerService },
  ): Promise<RepositoryEvidence> {
    const unavailable = await this.start();
    if (unavailable !== undefined || !this.pool) {
      if (!this.fallbackLogged) {
        this.fallbackLogged = true;
        limits.logger?.warn(
          `ml-patterns: repository analysis runs on the main thread, without a time limit: analysis worker threads cannot start here (${unavailable})`,
        );
      }
      return analyzeRepositoryFiles(input.files, input.options);
    }
    const pool = this.pool;
    await this.acquire();
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), limits.timeoutMs);
    try {
      const task = packAnalysis(input);
      return await pool.run(task, {
        signal: stop.signal,
        // piscina's TransferList type resolves wrongly against newer
        // @types/node (postMessage overloads); an ArrayBuffer is transferable.
        transferList: [task.buffer] as unknown as RunOptions['transferList'],
      });
    } catch (error) {
      const location = input.options.location;
      if (stop.signal.aborted) {
        return unavailableEvidence(
          `analysis took longer than ${limits.timeoutMs} ms and was stopped (the time left of mlPatterns.evidence.timeoutMs after reading the files)`,
          location,
        );
      }
      limits.logger?.warn(
        `ml-patterns: analysis of ${
          location ?? 'a repository'
        } failed in its worker: ${stringifyError(error)}`,
      );
      return unavailableEvidence(
        `analysis failed: ${stringifyError(error)}`,
        location,
      );
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }

  /** Ends the workers (tests; the process exits without it, idle workers do not hold it). */
  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    await started;
    await this.pool?.destroy();
    this.pool = undefined;
  }
}

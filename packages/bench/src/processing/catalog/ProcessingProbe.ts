import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { performance } from 'node:perf_hooks';
import { PASS_TIMEOUT_MS } from '../options';

/**
 * The catalog's own metrics, counted: `catalog.processing.queue.delay` is
 * recorded when an entity is taken up, `catalog.processed.entities.count`
 * when it is done (result: unchanged, changed, errors, failed), and
 * `catalog.processors.duration` is the time its processors took.
 */
export class ProcessingProbe {
  done = 0;
  firstStart = 0;
  lastEnd = 0;
  processorSeconds = 0;
  results: Record<string, number> = {};
  private target = Infinity;
  private onTarget: () => void = () => {};

  started() {
    if (this.firstStart === 0) this.firstStart = performance.now();
  }

  finished(result: string) {
    this.done += 1;
    this.lastEnd = performance.now();
    this.results[result] = (this.results[result] ?? 0) + 1;
    if (this.done >= this.target) this.onTarget();
  }

  /** Resolves once `count` more entities have been processed. */
  expect(count: number): Promise<void> {
    this.done = 0;
    this.firstStart = 0;
    this.lastEnd = 0;
    this.processorSeconds = 0;
    this.results = {};
    this.target = count;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`pass timed out after ${this.done}/${count}`)),
        PASS_TIMEOUT_MS,
      );
      this.onTarget = () => {
        clearTimeout(timer);
        this.target = Infinity;
        resolve();
      };
    });
  }

  metrics(): MetricsService {
    const noop = { add() {}, record() {} };
    const observable = { addCallback() {}, removeCallback() {} };
    return {
      createCounter: (name: string) =>
        name === 'catalog.processed.entities.count'
          ? {
              add: (_: number, attributes?: Record<string, unknown>) =>
                this.finished(String(attributes?.result ?? 'unknown')),
            }
          : noop,
      createHistogram: (name: string) => {
        if (name === 'catalog.processing.queue.delay') {
          return { record: () => this.started() };
        }
        if (name === 'catalog.processors.duration') {
          return {
            record: (seconds: number) => {
              this.processorSeconds += seconds;
            },
          };
        }
        return noop;
      },
      createUpDownCounter: () => noop,
      createGauge: () => noop,
      createObservableCounter: () => observable,
      createObservableUpDownCounter: () => observable,
      createObservableGauge: () => observable,
    } as MetricsService;
  }
}

import { ChildProcess } from 'node:child_process';
import { Browser, Page } from 'playwright-core';
import { startBackend, stopBackend, waitForVerdicts } from '../exampleApp';
import { launchChromium } from './browserSession';

/** The example backend of one test file and the browser page it drives. */
export interface ExampleAppSession {
  backend: ChildProcess;
  browser: Browser;
  page: Page;
}

/**
 * Starts the example backend (the app is built once by the global setup),
 * waits until the processor's cross-entity verdicts settle, and opens a
 * Chromium page of the given size.
 */
export async function openExampleApp(viewport: {
  width: number;
  height: number;
}): Promise<ExampleAppSession> {
  const backend = await startBackend();
  try {
    await waitForVerdicts();
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    return { backend, browser, page };
  } catch (error) {
    stopBackend(backend);
    throw error;
  }
}

/** Closes the browser and stops the backend (call it in `afterAll`). */
export async function closeExampleApp(
  session: ExampleAppSession | undefined,
): Promise<void> {
  await session?.browser.close();
  stopBackend(session?.backend);
}

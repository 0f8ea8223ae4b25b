import { buildApp } from './exampleApp';

/**
 * Jest's global setup (see `jest.globalSetup` in package.json): the app is
 * built once per e2e run, before any test file starts its backend, whether
 * the run takes every file or one.
 */
export default function globalSetup(): void {
  buildApp();
}

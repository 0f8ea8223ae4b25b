import { problemMessage } from './text';

/** The problem an analyzer's exception becomes: the analysis goes on without that file. */
export function analysisFailure(error: unknown): string {
  return `could not analyze: ${problemMessage(error)}`;
}

/**
 * Runs one file's analysis; an exception becomes a problem for that file
 * (`report`) instead of ending the whole analysis.
 */
export function guardedBy(
  report: (path: string, message: string) => void,
): (path: string, run: () => void) => void {
  return (path, run) => {
    try {
      run();
    } catch (error) {
      report(path, analysisFailure(error));
    }
  };
}

import type { ContainerFacts } from '../evidence/types';
import { parseShellScript } from '../evidence/analyze/shell/shellScript';

/** Experiment-tracking servers: `mlflow server`, `mlflow ui`. */
const TRACKING_SUBCOMMANDS = new Set(['server', 'ui']);

function isMlflow(word: string | undefined): boolean {
  return word !== undefined && word.replace(/^.*\//, '') === 'mlflow';
}

/**
 * Whether a container runs an experiment-tracking server (`mlflow server`,
 * `python -m mlflow ui`). Such a server stores what training runs log: the
 * remote store its environment names (`MLFLOW_DEFAULT_ARTIFACT_ROOT=s3://…`)
 * is where artifacts are written, not a model a server fetches at start.
 * `mlflow models serve` serves a model and is not one.
 */
export function runsTrackingServer(container: ContainerFacts): boolean {
  if (!container.command || !container.command.includes('mlflow')) {
    return false;
  }
  return parseShellScript(container.command).commands.some(({ words }) => {
    const start =
      words[1] === '-m' && /^python[\d.]*$/.test(words[0]?.replace(/^.*\//, ''))
        ? 2
        : 0;
    return (
      isMlflow(words[start]) && TRACKING_SUBCOMMANDS.has(words[start + 1] ?? '')
    );
  });
}

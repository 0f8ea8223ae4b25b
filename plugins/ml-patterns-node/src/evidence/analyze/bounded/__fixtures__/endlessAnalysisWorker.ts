/** A worker whose analysis never ends (for the time-budget test); it starts like the real one. */
export default function endlessAnalysisWorker(task: unknown): string {
  if (task === 'ping') return 'pong';
  for (;;) {
    // Busy, as a super-linear scan of a hostile file would be.
  }
}

/** The parts of `yarn bench:scale`, in the order they run. */
export const PHASES = ['without', 'with', 'reference'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The phases named after `--phases` (comma-separated), or all of them:
 * `without` (the catalog alone), `with` (the module and the backend
 * plugin, with every check on two replicas), `reference` (one replica
 * alone, its stamps compared with the two replicas'; needs `with`).
 */
export function phasesOption(argv: readonly string[]): Set<Phase> {
  const index = argv.indexOf('--phases');
  if (index < 0) return new Set(PHASES);
  const names = (argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter(n => !(PHASES as readonly string[]).includes(n));
  if (!names.length || unknown.length) {
    throw new Error(
      `--phases takes a comma-separated list of ${PHASES.join(', ')}${
        unknown.length ? `, not ${unknown.join(', ')}` : ''
      }`,
    );
  }
  const phases = new Set(names as Phase[]);
  if (phases.has('reference') && !phases.has('with')) {
    throw new Error(
      '--phases: reference compares its stamps with those of the phase with the module; add with',
    );
  }
  return phases;
}

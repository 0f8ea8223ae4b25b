/** The positive integer after `--<name>` on the command line, or `fallback`. */
export function integerOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return value;
}

/** Whether `--<name>` is on the command line. */
export function flagOption(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

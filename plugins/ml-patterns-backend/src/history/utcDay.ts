/** `YYYY-MM-DD` of a moment in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` days before `date`'s UTC day. */
export function utcDayBefore(date: Date, days: number): string {
  const start = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
  start.setUTCDate(start.getUTCDate() - days);
  return utcDay(start);
}

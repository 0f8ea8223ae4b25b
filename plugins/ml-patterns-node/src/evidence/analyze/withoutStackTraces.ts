/**
 * Runs `parse` without capturing stack traces. The `yaml` parser makes an
 * Error for every syntax error, and a 512 KB file of `}}` has half a
 * million of them: their stack traces were four fifths of its time. Only
 * their messages and positions are read. Synchronous, so nothing else
 * runs in between.
 */
export function withoutStackTraces<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

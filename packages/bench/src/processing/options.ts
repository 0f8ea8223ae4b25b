/*
 * The options of the processing bench, from the environment:
 *
 * - BENCH_ENTITIES (default 2000), BENCH_REPOS (default 40): the size of
 *   the generated organisation.
 * - BENCH_PASSES (default 40): timed passes per catalog. BENCH_WARMUP
 *   (default 1): untimed passes first; more are run while a pass still
 *   changes entities.
 * - BENCH_PAUSE_MS (default 16000): least time between two passes of one
 *   catalog. Nothing the processor keeps for SCM sources expires in
 *   between, but the process idles, and after an idle spell the module's
 *   catalog measured slower than after a short one (1.08–1.12 with 16 s
 *   rests, 0.99–1.04 with 4 s), so the default is the rest that shows the
 *   larger cost.
 * - BENCH_TRICKLE_S (e.g. 20): each pass makes the rows due a few every
 *   200 ms over that many seconds, in random order, instead of all at
 *   once — how a production catalog's loop meets them, never idle for long
 *   nor flooded. The passes then follow each other without rest and the
 *   headline is their CPU time, per two pairs on swapped cores (the
 *   marking's own queries, the same in both catalogs, are counted in it).
 * - BENCH_ORDER=abba: the timed passes of the two catalogs one after the
 *   other, alternating which goes first, instead of at the same moment.
 * - BENCH_SAME_CORE=1: both catalogs pinned to one core at once, the other
 *   core the next pass: their CPU times then compare under the same
 *   conditions, but not their pass times, as the first to finish leaves
 *   the core to the other; read the CPU ratio.
 * - BENCH_CALIBRATE=1: an A/A run; the catalog "with" the module is
 *   started without it too, so the printed ratio is the bench's own bias.
 * - BENCH_DB=postgres: both catalogs on PostgreSQL, as in production,
 *   instead of in-memory SQLite. BENCH_PG_CONNECTION (default
 *   postgresql://postgres:postgres@127.0.0.1:5432; `scripts/postgres.sh`
 *   starts one); databases mlp_bench_with_catalog and
 *   mlp_bench_without_catalog are dropped and recreated.
 * - BENCH_REVALIDATE_AFTER_S: the module's
 *   `mlPatterns.evidence.revalidateAfter` in seconds (default 300, so warm
 *   passes revalidate rarely; 15 makes every pass revalidate every
 *   repository, the worst case).
 * - BENCH_GITHUB_LATENCY_MS (default 0): delay of each fake GitHub answer.
 * - BENCH_CPU_PROFILE (a file name): CPU profiles of the timed passes,
 *   `<name>-with-N` and `<name>-without-N`, for Chrome DevTools or
 *   speedscope.
 * - BENCH_SQL=1: time spent in each SQL statement of the catalog database,
 *   printed per pass.
 * - BENCH_STAMPS (a file name): the ml-patterns.io annotations of every
 *   entity at the end, to compare the verdicts of two versions of the
 *   module.
 */
export const ENTITY_COUNT = Number(process.env.BENCH_ENTITIES ?? 2000);
export const REPO_COUNT = Number(process.env.BENCH_REPOS ?? 40);
export const PASSES = Number(process.env.BENCH_PASSES ?? 40);
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
/**
 * Production-like passes (BENCH_TRICKLE_S): rows made due a few at a time
 * over this long, in random order, as the catalog's loop finds them in
 * production; 0: all at once.
 */
export const TRICKLE_MS = Number(process.env.BENCH_TRICKLE_S ?? 0) * 1000;
/** How often a trickled pass makes the next rows due. */
export const TRICKLE_TICK_MS = 200;
export const PAUSE_MS = Number(
  process.env.BENCH_PAUSE_MS ?? (TRICKLE_MS ? 0 : 16_000),
);
export const GITHUB_LATENCY_MS = Number(
  process.env.BENCH_GITHUB_LATENCY_MS ?? 0,
);
export const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
export const SQL_STATS = Boolean(process.env.BENCH_SQL);
export const STAMPS_FILE = process.env.BENCH_STAMPS;
export const ON_POSTGRES = process.env.BENCH_DB === 'postgres';
/**
 * Timed passes of both catalogs run at the same moment (the default), each
 * on its own core; BENCH_ORDER=abba runs them one after the other.
 */
export const TOGETHER = process.env.BENCH_ORDER !== 'abba';
/** Both catalogs on one core at a time (see BENCH_SAME_CORE above). */
export const SAME_CORE = Boolean(process.env.BENCH_SAME_CORE);
/** A/A run: the "with" catalog leaves the module out too (the bench's own bias). */
export const CALIBRATE = Boolean(process.env.BENCH_CALIBRATE);
export const REVALIDATE_AFTER_S = process.env.BENCH_REVALIDATE_AFTER_S
  ? Number(process.env.BENCH_REVALIDATE_AFTER_S)
  : undefined;
export const PG_CONNECTION =
  process.env.BENCH_PG_CONNECTION ??
  'postgresql://postgres:postgres@127.0.0.1:5432';

export const PASS_TIMEOUT_MS = 20 * 60_000;
/** The module's default `mlPatterns.processing.indexRefresh`, in seconds. */
export const INDEX_REFRESH_S = 300;
/** The mean of the catalog's default processing interval (100–150 s). */
export const PRODUCTION_CYCLE_S = 125;

/** What every benchmark here shares: how many rounds to run and how to sum them up. */

/**
 * Rounds to run: the first argument, else `BENCH_ROUNDS`, else `fallback`.
 * A median needs a few; noisy machines want more.
 */
export function rounds(fallback: number): number {
  const text = process.argv[2] ?? process.env.BENCH_ROUNDS ?? String(fallback);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`rounds must be a positive integer, got '${text}'`);
  }
  return n;
}

/** The median: robust to the odd round another job disturbed. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

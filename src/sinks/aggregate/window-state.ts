/**
 * The state a shard carries from one invocation to the next within a tumbling window.
 *
 * Lambda serializes it after every invocation and hands it back on the next one for the
 * same shard and window, up to 1 MB: it is kept compact (one short array per key, short
 * property names) so that many keys fit before Lambda ends the window early.
 */

/**
 * Per-key aggregate: `[count, ...slots]`, one slot per `sum`, `min` or `max` measure in
 * the order of the config (count measures read index 0, they need no slot of their own).
 */
export type KeyAggregate = number[];

/**
 * One segment of a window on one shard: what has been merged since the window began, or
 * since Lambda ended it early and continued it with a fresh state.
 */
export interface WindowState {
  /**
   * Sequence number of the first record merged into this segment. With the shard id it
   * names the segment in the table (`segments`), so a retried flush of the same state is
   * recognized and skipped.
   */
  first?: string;
  /**
   * Highest sequence number merged into this segment: records Lambda delivers again at
   * or below it are already counted and are skipped.
   */
  last?: string;
  /** The aggregates, by key. */
  k?: { [key: string]: KeyAggregate };
}

/**
 * Compares two Kinesis sequence numbers: negative, zero or positive like a sort comparator.
 *
 * They are decimal strings of up to 128 digits (56 in practice), far beyond a double's
 * precision, so they are compared as strings: without leading zeros, the longer is the
 * larger, and at equal length the lexicographic order is the numeric order.
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The segment marker stored in the item's `segments` set: `<shardId>:<first>`. */
export function segmentMarker(shardId: string, first: string): string {
  return `${shardId}:${first}`;
}

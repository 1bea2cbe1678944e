import { Interval } from './sequence-intervals';

/**
 * The state a shard carries from one invocation to the next within a tumbling window.
 *
 * Lambda serializes it after every invocation and hands it back on the next one for the
 * same shard and window, at most 1 MB of it. Short property names keep it compact. `{}` is
 * a fresh state: the window's start, or Lambda continuing the window after ending it early
 * or replaying it; the handler then reads the shard's progress item before anything else.
 */
export interface WindowState {
  /**
   * How many flushes of this shard are merged in this window, as the progress item said when
   * the handler last read or wrote it. Absent in a fresh state.
   */
  v?: number;
  /** The records merged (counted, or set aside in the failure store), as the progress item lists them. */
  m?: Interval[];
  /** The records handled since the last flush: their aggregates are in `k`. */
  p?: Interval[];
  /** Aggregates of the records in `p`, by key. */
  k?: { [key: string]: KeyAggregate };
  /** Upper bound, in bytes, of `k` as JSON (each key with its colon, comma and room for its numbers). */
  b?: number;
  /** Largest growth of the state's size bound in one batch so far: the room the next one may need. */
  g?: number;
  /** Set when the state is to be flushed before anything else in the next invocation. */
  f?: 1;
}

/**
 * Per-key aggregate: `[count, ...slots]`, one slot per `sum`, `min` or `max` measure in
 * the order of the config (count measures read index 0, they need no slot of their own).
 */
export type KeyAggregate = number[];

/**
 * What Lambda keeps between invocations, at most: Lambda documents 1 MB per shard without
 * saying whether that is 10^6 or 2^20 bytes, nor whether the response around the state
 * counts. The handler keeps its state 10% below the smaller reading.
 */
export const MAX_STATE_BYTES = 900_000;

/**
 * Room always left for one more batch: one record adds at most a key (2,048 bytes, six times
 * that escaped in JSON), its numbers and an interval, well under this. So a batch of one
 * record always fits, and splitting a batch that does not fit always ends.
 */
export const MIN_BATCH_ROOM_BYTES = 32_768;

/** Upper bound of the JSON of one number: `-2.2250738585072014e-308` and a comma. */
export const NUMBER_BYTES = 25;

/** The state's size in bytes, exactly: what Lambda will carry. */
export function stateBytes(state: WindowState): number {
  return Buffer.byteLength(JSON.stringify(state), 'utf8');
}

/** An upper bound of the state's size in bytes, without serializing it. */
export function stateBytesBound(state: WindowState): number {
  return 200 + (state.b ?? 0) + intervalBytes(state.m) + intervalBytes(state.p);
}

function intervalBytes(set: readonly Interval[] | undefined): number {
  let bytes = 0;
  for (const i of set ?? []) {
    bytes += i[0].length + i[1].length + 30;
  }
  return bytes;
}

import type { CompiledMeasure } from './compiled-config';
import type { WindowFlush } from './window-aggregator';

/**
 * CloudWatch Logs truncates an event beyond 256 KB, and a segment's state may reach 1 MB:
 * a larger segment is logged in parts, each well below the limit (JSON is ASCII-heavy,
 * but keys may not be, hence the room left).
 */
export const MAX_SEGMENT_LOG_CHARS = 120_000;

/**
 * The log entries of a segment whose flush failed: everything an operator needs to merge
 * it by hand should Lambda give up on the final invocation. One entry (one line) unless
 * the segment is too large for one log event; then parts numbered `part` of `parts`, each
 * with the segment's identity and some of its keys.
 *
 * `values` holds, per key, the segment's value of each measure in the order of `measures`
 * (`count` and `sum` are added to the item's, `min` and `max` compared with it); items
 * whose `segments` already list `segment` have it merged and must be left alone.
 */
export function failedSegmentEntries(flush: WindowFlush, measures: readonly CompiledMeasure[], shardId: string,
  error: unknown, maxChars: number = MAX_SEGMENT_LOG_CHARS): Record<string, unknown>[] {
  // Keys are the records' own: '__proto__' must be an ordinary key, not Object.prototype's.
  const empty = () => Object.create(null) as Record<string, number[]>;
  const chunks: Record<string, number[]>[] = [];
  let chunk = empty();
  let size = 0;
  for (const [key, aggregate] of Object.entries(flush.aggregates)) {
    const values = measures.map(m => aggregate[m.index]);
    const entrySize = JSON.stringify(key).length + JSON.stringify(values).length + 2;
    if (size > 0 && size + entrySize > maxChars) {
      chunks.push(chunk);
      chunk = empty();
      size = 0;
    }
    chunk[key] = values;
    size += entrySize;
  }
  chunks.push(chunk);

  return chunks.map((values, i) => ({
    message: 'window segment flush failed: merge these values into the items that do not list the segment yet',
    shardId,
    windowStart: flush.windowStart,
    windowEnd: flush.windowEnd,
    segment: flush.marker,
    keys: flush.keyCount,
    part: i + 1,
    parts: chunks.length,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    measures: measures.map(m => ({ attribute: m.attribute, kind: m.kind })),
    values,
  }));
}

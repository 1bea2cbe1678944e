import type { KinesisStreamBatchItemFailure, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { CompiledConfig } from './compiled-config';
import { RecordDecoder } from './record-decoder';
import { compareSequenceNumbers, KeyAggregate, segmentMarker, WindowState } from './window-state';

/**
 * What Lambda passes for a Kinesis event source mapping with a tumbling window. The
 * `@types/aws-lambda` type lacks the shard and stream, which name a segment.
 */
export interface TumblingWindowEvent extends KinesisStreamTumblingWindowEvent {
  readonly shardId: string;
  readonly eventSourceARN: string;
}

/** A window segment's aggregates, to be merged into the table by `AggregateWriter`. */
export interface WindowFlush {
  readonly windowStart: string;
  readonly windowEnd: string;
  /** `<shardId>:<first>`: lets a retried flush skip the keys it already merged. */
  readonly marker: string;
  readonly aggregates: { readonly [key: string]: KeyAggregate };
  /** Number of keys in `aggregates` (the number of items to write). */
  readonly keyCount: number;
}

/** The outcome of one invocation, before anything is written. */
export interface WindowOutcome {
  /** The state to return to Lambda (`{}` after a final invocation that flushes). */
  readonly state: WindowState;
  /** Empty, or the first malformed record of the batch. */
  readonly batchItemFailures: KinesisStreamBatchItemFailure[];
  /** The first malformed record and why, for the log. */
  readonly malformed?: { readonly sequenceNumber: string; readonly reason: string };
  /** Records skipped as already merged (Lambda delivered them again). */
  readonly redelivered: number;
  /** Present on a final invocation without failure whose segment has keys: to write before returning. */
  readonly flush?: WindowFlush;
}

const SUM = 0;
const MIN = 1;
const MAX = 2;

/**
 * Folds a batch of records into the window's state: pure, apart from taking ownership of
 * `event.state` (it is updated in place, as copying up to 1 MB of aggregates for every
 * batch would cost more than aggregating; Lambda hands a fresh object each invocation).
 *
 * - Records at or below `state.last` were merged before and are skipped, so a record
 *   Lambda delivers again counts once.
 * - The first malformed record stops the batch: what came before it stays in the state,
 *   and it is the only batch item failure, so Lambda checkpoints there and retries from
 *   it (its retries and on-failure destination decide its fate) instead of it being
 *   dropped in silence or blocking the shard.
 * - On the final invocation of a window (or of a segment Lambda ended early), without a
 *   failure, the segment is handed out to be flushed and the state is reset.
 */
export class WindowAggregator {
  private readonly decoder: RecordDecoder;
  private readonly slotKinds: Uint8Array;

  constructor(compiled: CompiledConfig) {
    this.decoder = new RecordDecoder(compiled);
    this.slotKinds = Uint8Array.from(compiled.slots.map(s => (s.kind === 'sum' ? SUM : s.kind === 'min' ? MIN : MAX)));
  }

  public process(event: TumblingWindowEvent): WindowOutcome {
    const state: WindowState = (event.state ?? {}) as WindowState;
    let first = state.first;
    let last = state.last;
    let aggregates = state.k;
    if (aggregates !== undefined && Object.getPrototypeOf(aggregates) !== null) {
      // Keys are the records' own: 'constructor' or '__proto__' must not meet Object.prototype.
      Object.setPrototypeOf(aggregates, null);
    }
    let malformed: { sequenceNumber: string; reason: string } | undefined;
    let redelivered = 0;

    const decoder = this.decoder;
    const values = decoder.values;
    const kinds = this.slotKinds;
    const slots = kinds.length;
    const records = event.Records ?? [];
    for (let r = 0; r < records.length; r++) {
      const kinesis = records[r].kinesis;
      const sequenceNumber = kinesis.sequenceNumber;
      if (last !== undefined && compareSequenceNumbers(sequenceNumber, last) <= 0) {
        redelivered++;
        continue;
      }
      const reason = decoder.decode(kinesis.data);
      if (reason !== undefined) {
        malformed = { sequenceNumber, reason };
        break;
      }
      if (aggregates === undefined) {
        aggregates = Object.create(null) as { [key: string]: KeyAggregate };
        first = sequenceNumber;
      }
      const aggregate = aggregates[decoder.key];
      if (aggregate === undefined) {
        const created: KeyAggregate = new Array<number>(slots + 1);
        created[0] = 1;
        for (let s = 0; s < slots; s++) {
          created[s + 1] = values[s];
        }
        aggregates[decoder.key] = created;
      } else {
        aggregate[0]++;
        for (let s = 0; s < slots; s++) {
          const v = values[s];
          switch (kinds[s]) {
            case SUM: aggregate[s + 1] += v; break;
            case MIN: if (v < aggregate[s + 1]) aggregate[s + 1] = v; break;
            default: if (v > aggregate[s + 1]) aggregate[s + 1] = v; break;
          }
        }
      }
      last = sequenceNumber;
    }

    const merged: WindowState = aggregates === undefined ? {} : { first, last, k: aggregates };
    if (malformed !== undefined) {
      return { state: merged, batchItemFailures: [{ itemIdentifier: malformed.sequenceNumber }], malformed, redelivered };
    }
    if (!event.isFinalInvokeForWindow) {
      return { state: merged, batchItemFailures: [], redelivered };
    }
    const keyCount = aggregates === undefined ? 0 : Object.keys(aggregates).length;
    if (aggregates === undefined || first === undefined || keyCount === 0) {
      return { state: {}, batchItemFailures: [], redelivered };
    }
    const flush: WindowFlush = {
      windowStart: event.window.start,
      windowEnd: event.window.end,
      marker: segmentMarker(event.shardId, first),
      aggregates,
      keyCount,
    };
    return { state: {}, batchItemFailures: [], redelivered, flush };
  }
}

import type { KinesisStreamBatchItemFailure, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { CompiledConfig, CompiledMeasure } from './compiled-config';
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

/** A record that cannot be aggregated, and what Lambda must do about it. */
export interface MalformedRecord {
  readonly sequenceNumber: string;
  readonly reason: string;
  /** Records in the batch, the malformed one included. */
  readonly batchSize: number;
  /**
   * True when the batch holds other records too: the invocation must then fail (throw),
   * so that Lambda bisects the batch until the record is alone in one. False when it is
   * alone: it is then the batch item failure.
   */
  readonly bisect: boolean;
}

/** The outcome of one invocation, before anything is written. */
export interface WindowOutcome {
  /**
   * The state to return to Lambda (`{}` after a final invocation that flushes). Not to be
   * returned when `malformed.bisect`: the invocation fails and Lambda keeps the old one.
   */
  readonly state: WindowState;
  /** Empty, or the malformed record alone in its batch. */
  readonly batchItemFailures: KinesisStreamBatchItemFailure[];
  /** The first malformed record of the batch, if any. */
  readonly malformed?: MalformedRecord;
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
 * - The first malformed record stops the batch. With other records in the batch, the
 *   outcome says to bisect: the handler fails the invocation, and Lambda (with
 *   BisectBatchOnFunctionError) splits the batch in halves and retries each with the state
 *   it had, until the record is alone. Reporting it as a batch item failure instead would
 *   make Lambda retry from it with the records after it, again and again, and once the
 *   retries ran out discard them all: good records lost. Alone in its batch, it is the
 *   batch item failure and the state is unchanged: Lambda retries it, then sends only it
 *   to the on-failure destination and reads on.
 * - On the final invocation of a window (or of a segment Lambda ended early), without a
 *   failure, the segment is handed out to be flushed and the state is reset.
 */
export class WindowAggregator {
  /** The measures, in config order, with where each reads its value in a `KeyAggregate`. */
  public readonly measures: readonly CompiledMeasure[];
  private readonly decoder: RecordDecoder;
  private readonly slotKinds: Uint8Array;

  constructor(compiled: CompiledConfig) {
    this.measures = compiled.measures;
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
    let malformed: MalformedRecord | undefined;
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
        malformed = { sequenceNumber, reason, batchSize: records.length, bisect: records.length > 1 };
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
      const batchItemFailures = malformed.bisect ? [] : [{ itemIdentifier: malformed.sequenceNumber }];
      return { state: merged, batchItemFailures, malformed, redelivered };
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

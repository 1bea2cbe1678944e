import type { KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { CompiledConfig, CompiledMeasure } from './compiled-config';
import type { FailedRecord } from './failure-store';
import { RecordDecoder } from './record-decoder';
import { closeGaps, compareSequenceNumbers, contains, insert, Interval } from './sequence-intervals';
import { KeyAggregate, NUMBER_BYTES, stateBytesBound, WindowState } from './window-state';

/**
 * What Lambda passes for a Kinesis event source mapping with a tumbling window. The
 * `@types/aws-lambda` type lacks the shard and stream.
 */
export interface TumblingWindowEvent extends KinesisStreamTumblingWindowEvent {
  readonly shardId: string;
  readonly eventSourceARN: string;
}

/** What folding one batch into the state came to. */
export interface BatchOutcome {
  /** Records set aside: malformed, or a value that would take a sum out of DynamoDB's range. */
  readonly failed: FailedRecord[];
  /** Records aggregated. */
  readonly counted: number;
  /** Records skipped because the state or the progress item already had them. */
  readonly redelivered: number;
  /** How much the state's size bound grew. */
  readonly growth: number;
}

const SUM = 0;
const MIN = 1;
const MAX = 2;

/** DynamoDB's number range: a sum beyond it could never be written (the largest double below 10^126 is fine). */
const TOO_LARGE = 1e126;
const TOO_SMALL = 1e-130;

/**
 * Folds batches of records into a window's state: pure, apart from updating the state it is
 * given in place (copying up to 1 MB of aggregates for every batch would cost more than
 * aggregating; Lambda hands a fresh object to each invocation).
 *
 * - A record the state lists as merged (`m`) or pending (`p`) is skipped, record by record,
 *   whatever order or cut Lambda delivers it in again.
 * - A record that cannot be aggregated is set aside, never failing the batch: it is listed
 *   as handled, so that the rest of the batch counts and nothing blocks the shard.
 */
export class WindowAggregator {
  /** The measures, in config order, with where each reads its value in a `KeyAggregate`. */
  public readonly measures: readonly CompiledMeasure[];
  private readonly decoder: RecordDecoder;
  private readonly slotKinds: Uint8Array;
  private readonly keyBytesExtra: number;
  private readonly maxBatchSize: number;

  constructor(compiled: CompiledConfig) {
    this.measures = compiled.measures;
    this.decoder = new RecordDecoder(compiled);
    this.slotKinds = Uint8Array.from(compiled.slots.map(s => (s.kind === 'sum' ? SUM : s.kind === 'min' ? MIN : MAX)));
    // A key's entry beyond the key itself: colon, comma, brackets and its numbers.
    this.keyBytesExtra = 4 + (compiled.slots.length + 1) * NUMBER_BYTES;
    this.maxBatchSize = compiled.config.maxBatchSize;
  }

  /** Folds `records` (one batch, in the order Lambda gave them) into `state`, which must not be fresh. */
  public process(state: WindowState, records: readonly KinesisStreamRecord[], shardId: string, windowStart: string): BatchOutcome {
    const merged = state.m ?? [];
    const pending = state.p ?? (state.p = []);
    let aggregates = state.k;
    if (aggregates !== undefined && Object.getPrototypeOf(aggregates) !== null) {
      // Keys are the records' own: 'constructor' or '__proto__' must not meet Object.prototype.
      Object.setPrototypeOf(aggregates, null);
    }
    let bytes = state.b ?? 0;
    const boundBefore = stateBytesBound(state);
    const failed: FailedRecord[] = [];
    let counted = 0;
    let redelivered = 0;

    // Anything above every known record is new: only records at or below it need a lookup.
    let highest = highestOf(merged, pending);
    let run: Interval | undefined;
    const decoder = this.decoder;
    const values = decoder.values;
    const kinds = this.slotKinds;
    const slots = kinds.length;
    for (let r = 0; r < records.length; r++) {
      const kinesis = records[r].kinesis;
      const sequenceNumber = kinesis.sequenceNumber;
      const isNew = highest === undefined || compareSequenceNumbers(sequenceNumber, highest) > 0;
      if (!isNew && (contains(merged, sequenceNumber) || contains(pending, sequenceNumber) || (run !== undefined && inRun(run, sequenceNumber)))) {
        redelivered++;
        run = undefined;
        continue;
      }
      if (run !== undefined && compareSequenceNumbers(sequenceNumber, run[1]) > 0) {
        run[1] = sequenceNumber;
        run[2]++;
      } else {
        run = [sequenceNumber, sequenceNumber, 1];
        insert(pending, run);
      }
      if (isNew) {
        highest = sequenceNumber;
      }

      let reason = decoder.decode(kinesis.data);
      let aggregate: KeyAggregate | undefined;
      if (reason === undefined) {
        aggregate = aggregates?.[decoder.key];
        if (aggregate !== undefined) {
          reason = this.checkSums(aggregate, values);
        }
      }
      if (reason !== undefined) {
        failed.push({
          shardId,
          sequenceNumber,
          partitionKey: kinesis.partitionKey,
          approximateArrivalTimestamp: kinesis.approximateArrivalTimestamp,
          data: kinesis.data,
          reason,
          windowStart,
        });
        continue;
      }
      counted++;
      if (aggregates === undefined) {
        aggregates = state.k = Object.create(null) as { [key: string]: KeyAggregate };
      }
      if (aggregate === undefined) {
        const created: KeyAggregate = new Array<number>(slots + 1);
        created[0] = 1;
        for (let s = 0; s < slots; s++) {
          created[s + 1] = values[s];
        }
        aggregates[decoder.key] = created;
        bytes += Buffer.byteLength(JSON.stringify(decoder.key), 'utf8') + this.keyBytesExtra;
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
    }

    state.p = closeGaps(pending, merged, this.maxBatchSize);
    state.b = bytes;
    const growth = stateBytesBound(state) - boundBefore;
    state.g = Math.max(state.g ?? 0, growth);
    return { failed, counted, redelivered, growth };
  }

  /** Why adding the record's values would take a sum out of DynamoDB's range, if it would. */
  private checkSums(aggregate: KeyAggregate, values: Float64Array): string | undefined {
    const kinds = this.slotKinds;
    for (let s = 0; s < kinds.length; s++) {
      if (kinds[s] !== SUM) {
        continue;
      }
      const sum = aggregate[s + 1] + values[s];
      const magnitude = Math.abs(sum);
      if (!(magnitude < TOO_LARGE) || (magnitude < TOO_SMALL && magnitude !== 0)) {
        const measure = this.measures.find(m => m.index === s + 1)!;
        return `adding ${values[s]} to the sum ${aggregate[s + 1]} of '${measure.attribute}' for key ${JSON.stringify(this.decoder.key)} `
          + 'would leave DynamoDB\'s number range (magnitudes 1E-130 to below 1E126)';
      }
    }
    return undefined;
  }
}

function highestOf(a: readonly Interval[], b: readonly Interval[]): string | undefined {
  let highest: string | undefined;
  for (const set of [a, b]) {
    const last = set[set.length - 1];
    if (last !== undefined && (highest === undefined || compareSequenceNumbers(last[1], highest) > 0)) {
      highest = last[1];
    }
  }
  return highest;
}

function inRun(run: Interval, sequenceNumber: string): boolean {
  return compareSequenceNumbers(sequenceNumber, run[0]) >= 0 && compareSequenceNumbers(sequenceNumber, run[1]) <= 0;
}

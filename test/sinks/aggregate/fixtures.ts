import type { KinesisStreamRecord } from 'aws-lambda';
import { AggregateConfig } from '../../../src/sinks/aggregate/aggregate-config';
import { compileConfig, CompiledConfig } from '../../../src/sinks/aggregate/compiled-config';
import { FailedRecord, FailureStore, UnstorableAggregate } from '../../../src/sinks/aggregate/failure-store';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/** The config of the README's example: orders by customer, with every kind of measure. */
export const ORDERS: AggregateConfig = {
  keyPath: ['customer', 'id'],
  measures: [
    { attribute: 'count', kind: 'count' },
    { attribute: 'sum_amount', kind: 'sum', path: ['amount'] },
    { attribute: 'min_amount', kind: 'min', path: ['amount'] },
    { attribute: 'max_amount', kind: 'max', path: ['amount'] },
  ],
  expireAfterSeconds: 7 * 24 * 3600,
  maxBatchSize: 100,
  failurePrefix: 'aggregate-failures/',
};

export const COMPILED_ORDERS: CompiledConfig = compileConfig(ORDERS);

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';

/** base64 of a value's JSON, as Kinesis delivers a record's data. */
export function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

/** base64 of raw text or bytes. */
export function encodeRaw(data: string | Buffer): string {
  return (typeof data === 'string' ? Buffer.from(data) : data).toString('base64');
}

/** An order as the tests write them. */
export function order(customer: string | number | undefined, amount?: unknown): unknown {
  return { customer: { id: customer, name: 'n' }, amount, currency: 'EUR' };
}

/**
 * The n-th sequence number of a shard: 56 digits as Kinesis gives them, with a prefix per
 * shard. `base` moves it, e.g. to just below a power of ten to cross a length boundary.
 */
export function sequenceNumber(n: number, base = 49590338271490256608559692538361571095921575989136588898n): string {
  return (base + BigInt(n) * 1000n).toString();
}

export function kinesisRecord(sequence: string, data: string, shardId = 'shardId-000000000000', arrivalMs = 0): KinesisStreamRecord {
  return {
    awsRegion: 'us-east-1',
    eventID: `${shardId}:${sequence}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: STREAM_ARN,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::111111111111:role/aggregate',
    kinesis: { approximateArrivalTimestamp: arrivalMs / 1000, data, kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber: sequence },
  };
}

export interface EventOptions {
  readonly state?: object;
  readonly final?: boolean;
  readonly early?: boolean;
  readonly shardId?: string;
  readonly window?: { start: string; end: string };
}

export const WINDOW = { start: '2024-05-01T10:00:00Z', end: '2024-05-01T10:05:00Z' };

/** A tumbling-window event with the given records, as `[sequence number, data]`. */
export function windowEvent(records: [string, string][], options: EventOptions = {}): TumblingWindowEvent {
  const shardId = options.shardId ?? 'shardId-000000000000';
  return {
    Records: records.map(([s, d]) => kinesisRecord(s, d, shardId)),
    window: options.window ?? WINDOW,
    state: options.state ?? {},
    shardId,
    eventSourceARN: STREAM_ARN,
    isFinalInvokeForWindow: options.final ?? false,
    isWindowTerminatedEarly: options.early ?? false,
  };
}

/** Lambda hands the state back serialized: what the next invocation really sees. */
export function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A seeded PRNG (mulberry32), so that generated inputs and fault plans are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0; // eslint-disable-line no-bitwise
  return () => {
    /* eslint-disable no-bitwise */
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    /* eslint-enable no-bitwise */
  };
}

/** A small stable hash of a string (FNV-1a), to pick faults by content rather than by timing. */
export function hash(text: string): number {
  /* eslint-disable no-bitwise */
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
  /* eslint-enable no-bitwise */
}

/** A failure store in memory, keyed like the S3 one: storing the same thing twice keeps one copy. */
export class MemoryFailureStore implements FailureStore {
  public readonly records = new Map<string, FailedRecord>();
  public readonly aggregates = new Map<string, UnstorableAggregate>();

  public async putRecords(records: readonly FailedRecord[]): Promise<void> {
    for (const r of records) {
      this.records.set(`${r.shardId}:${r.sequenceNumber}`, r);
    }
  }

  public async putAggregate(entry: UnstorableAggregate): Promise<void> {
    this.aggregates.set(`${entry.shardId}|${entry.windowStart}|${entry.flush}|${entry.key}`, entry);
  }
}

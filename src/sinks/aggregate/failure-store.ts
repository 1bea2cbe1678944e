/**
 * Where the aggregate handler sets aside what it cannot count, so that nothing is dropped
 * silently and no batch ever fails because of its content: malformed records (with their
 * raw bytes) and per-key contributions DynamoDB refused to store.
 *
 * Writes are idempotent by name: an object's key is derived from what it holds, so Lambda
 * retrying an invocation with the same records overwrites the same object. A retry with a
 * different cut of the batch may store a record again in another object: `(shardId,
 * sequenceNumber)` identifies a record across objects.
 */

import { createHash } from 'crypto';
// The SDK is in the Lambda runtime and external to the bundle: a dev dependency.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** A record that could not be aggregated. */
export interface FailedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  /** Seconds since the epoch, as Kinesis stamped the record. */
  readonly approximateArrivalTimestamp: number;
  /** The record's bytes, base64, as Kinesis delivered them. */
  readonly data: string;
  /** Why it was set aside, e.g. `not valid JSON`. */
  readonly reason: string;
  /** The tumbling window it arrived in. */
  readonly windowStart: string;
}

/** One key's contribution from one flush, which DynamoDB refused to merge into its item. */
export interface UnstorableAggregate {
  readonly shardId: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly key: string;
  /** The number of the shard's flush in that window (the item's `merged:<shardId>` mark). */
  readonly flush: number;
  /** The contribution, by item attribute: counts and sums to add, minimums and maximums to compare. */
  readonly values: { readonly [attribute: string]: number };
  /** DynamoDB's error, e.g. `ValidationException: Number overflow. …`. */
  readonly reason: string;
}

/** The failure store the handler writes to. */
export interface FailureStore {
  /** Stores a set of records (one object, named after its content). Rejects when the write fails. */
  putRecords(records: readonly FailedRecord[]): Promise<void>;
  /** Stores one refused contribution (one object, named after shard, window, flush and key). */
  putAggregate(entry: UnstorableAggregate): Promise<void>;
}

/** Why a contribution lands in the store, for whoever opens the object. */
const REFUSED_MESSAGE = 'this key\'s contribution from this flush was not merged into its item: DynamoDB refused it';

/**
 * Orders sequence numbers as numbers. They are decimal strings of up to 128 digits, too
 * long for a JavaScript number, and without leading zeros: the shorter one is the smaller.
 */
function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 16 hex digits of sha256: enough to tell apart what a prefix holds, short enough to read. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The failure store in S3, one object per write.
 *
 * Keys start with the shard and the window, so that what one window set aside is one
 * listing away. The rest of a key comes from what the object holds: a retry overwrites
 * its own object instead of adding a copy.
 */
export class S3FailureStore implements FailureStore {
  /** `prefix` ends with `/`: keys are appended to it as they are. */
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  /**
   * Key: `<prefix>records/<shardId>/<windowStart>/<first sequence number>-<count>-<hash>.jsonl`.
   * The first sequence number and the count are there for a reader; the hash (of the sorted
   * `shardId:sequenceNumber` list) for uniqueness, so two cuts starting at the same record
   * get two objects. Records are sorted before anything is derived from them: the order
   * the caller had them in must not change the key.
   */
  async putRecords(records: readonly FailedRecord[]): Promise<void> {
    if (records.length === 0) {
      return; // An empty object would only be noise to whoever lists the prefix.
    }
    const sorted = [...records].sort((a, b) =>
      compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber) || (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0));
    const first = sorted[0];
    const hash = shortHash(sorted.map(r => `${r.shardId}:${r.sequenceNumber}`).sort().join('\n'));
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: `${this.prefix}records/${first.shardId}/${first.windowStart}/${first.sequenceNumber}-${sorted.length}-${hash}.jsonl`,
      // One record a line: line-oriented tools (and Athena) read it without a parser of their own.
      Body: sorted.map(r => JSON.stringify(r) + '\n').join(''),
      ContentType: 'application/x-ndjson',
    }));
  }

  /**
   * Key: `<prefix>aggregates/<shardId>/<windowStart>/<flush>-<hash of key>.json`. Keys
   * are hashed because they are any string (slashes included) and may be long; the
   * object carries the key itself.
   */
  async putAggregate(entry: UnstorableAggregate): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: `${this.prefix}aggregates/${entry.shardId}/${entry.windowStart}/${entry.flush}-${shortHash(entry.key)}.json`,
      Body: JSON.stringify({ ...entry, message: REFUSED_MESSAGE }),
      ContentType: 'application/json',
    }));
  }
}

/**
 * The contract between `AggregateToTable` (which writes it into the function's
 * environment at synth) and the shipped handler (which reads it at cold start).
 * Plain data only: this file is imported by both sides and must not import the SDK.
 */

/** Environment variable holding the JSON-encoded `AggregateConfig`. */
export const AGGREGATE_CONFIG_ENV = 'AGGREGATE_CONFIG';

/** Environment variable holding the table name (a token at synth). */
export const AGGREGATE_TABLE_ENV = 'AGGREGATE_TABLE_NAME';

/** The item layout of an aggregate table. */
export const AggregateTableLayout = {
  /** Partition key (S): the record's key value, as a string. */
  PARTITION_KEY: 'key',
  /** Sort key (S): the window's start, ISO-8601 as Lambda gives it. */
  SORT_KEY: 'windowStart',
  /** (S) the window's end. */
  WINDOW_END: 'windowEnd',
  /** (N) epoch seconds after which DynamoDB's TTL deletes the item. */
  EXPIRES_AT: 'expiresAt',
  /** (SS) segments already merged into the item: `<shardId>:<first sequence number>`. */
  SEGMENTS: 'segments',
  /** (N) optimistic-lock version, incremented on every write. */
  VERSION: 'version',
} as const;

/** What one measure computes. */
export type MeasureKind = 'count' | 'sum' | 'min' | 'max';

/** One measure: an attribute of the item and how it is computed. */
export interface MeasureConfig {
  /** Attribute name in the table item. */
  readonly attribute: string;
  readonly kind: MeasureKind;
  /** Path of the numeric field in the record (absent for `count`). */
  readonly path?: string[];
}

/** Everything the handler needs besides the table name. */
export interface AggregateConfig {
  /** Path of the key field in the record, e.g. `['customer', 'id']`. */
  readonly keyPath: string[];
  readonly measures: MeasureConfig[];
  /** Seconds after a window's end that its items expire. */
  readonly expireAfterSeconds: number;
}

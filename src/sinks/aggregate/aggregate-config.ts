/**
 * The contract between `AggregateToTable` (which writes it into the function's
 * environment at synth) and the shipped handler (which reads it at cold start).
 * Plain data only: this file is imported by both sides and must not import the SDK.
 */

/** Environment variable holding the JSON-encoded `AggregateConfig`. */
export const AGGREGATE_CONFIG_ENV = 'AGGREGATE_CONFIG';

/** Environment variable holding the table name (a token at synth). */
export const AGGREGATE_TABLE_ENV = 'AGGREGATE_TABLE_NAME';

/** Environment variable holding the failure store's bucket name (a token at synth). */
export const AGGREGATE_FAILURE_BUCKET_ENV = 'AGGREGATE_FAILURE_BUCKET';

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
  /**
   * Prefix of the per-shard merge marks: attribute `merged:<shardId>` (N) holds the number of
   * the last flush of that shard merged into the item, so a flush applied twice adds nothing.
   */
  MARK_PREFIX: 'merged:',
  /**
   * Prefix of the partition key of the handler's progress items, one per shard and window
   * (`aggregate-progress#<shardId>`), whose sort key starts with `progress#`: no window start
   * (an ISO-8601 date) does, so they never meet a key's items in a query by window.
   */
  PROGRESS_KEY_PREFIX: 'aggregate-progress#',
  PROGRESS_SORT_PREFIX: 'progress#',
} as const;

/** Attribute names a measure may not take: the layout's own, and anything starting with the mark prefix. */
export function isReservedAttribute(name: string): boolean {
  const L = AggregateTableLayout;
  return [L.PARTITION_KEY, L.SORT_KEY, L.WINDOW_END, L.EXPIRES_AT].includes(name as 'key') || name.startsWith(L.MARK_PREFIX);
}

/** The CloudWatch metrics the handler publishes (embedded metric format, in its log), by function name. */
export const AggregateMetrics = {
  NAMESPACE: 'CdkStreamingPipelines/AggregateToTable',
  /** Dimension: the function's name. */
  DIMENSION: 'FunctionName',
  /** Records set aside in the failure store (malformed, or a value DynamoDB cannot hold), Sum. */
  FAILED_RECORDS: 'FailedRecords',
  /** Per-key contributions DynamoDB refused at merge (number overflow, precision), set aside, Sum. */
  UNSTORABLE_AGGREGATES: 'UnstorableAggregates',
  /** Keys of a flush found already merged (a retried flush), Sum: a steady stream means a flush keeps failing. */
  ALREADY_MERGED: 'AlreadyMergedKeys',
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

/** Everything the handler needs besides the table and bucket names. */
export interface AggregateConfig {
  /** Path of the key field in the record, e.g. `['customer', 'id']`. */
  readonly keyPath: string[];
  readonly measures: MeasureConfig[];
  /** Seconds after a window's end (or after a later merge into it) that its items expire. */
  readonly expireAfterSeconds: number;
  /**
   * The event source mapping's batch size: no batch Lambda hands the function is larger. The
   * handler relies on it to tell a gap it may still see filled from one it never will.
   */
  readonly maxBatchSize: number;
  /** Key prefix of the failure store's objects in its bucket, e.g. `aggregate-failures/`. */
  readonly failurePrefix: string;
}

/**
 * Ranges Lambda accepts on an event source mapping that reads a Kinesis stream.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */
export const EventSourceLimits = {
  /** Records per batch (Kinesis). */
  MIN_BATCH_SIZE: 1,
  MAX_BATCH_SIZE: 10000,
  /** Seconds Lambda may wait to fill a batch. */
  MAX_BATCHING_WINDOW_SECONDS: 300,
  /** Concurrent batches per shard. */
  MAX_PARALLELIZATION_FACTOR: 10,
  /** Retries of a failed batch; -1 means until the record expires. */
  INFINITE_RETRIES: -1,
  MAX_RETRY_ATTEMPTS: 10000,
  /** Age after which a record is sent to the failure destination: 60 s to 7 days. */
  MIN_RECORD_AGE_SECONDS: 60,
  MAX_RECORD_AGE_SECONDS: 604800,
  /** Tumbling windows: up to 15 minutes. */
  MAX_TUMBLING_WINDOW_SECONDS: 900,
  /** Filters per mapping (default quota) and characters per filter pattern. */
  MAX_FILTERS: 5,
  MAX_FILTER_PATTERN_CHARS: 4096,
} as const;

/**
 * Kinesis Data Streams service limits the planner sizes against.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 * @see https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
 */
export const KinesisLimits = {
  /** Write bytes per shard per second (1 MiB/s; partition key bytes count). */
  WRITE_MIB_PER_SHARD: 1,
  /** Write records per shard per second. */
  WRITE_RECORDS_PER_SHARD: 1000,
  /** Read bytes per shard per second, shared by every polling (GetRecords) consumer. */
  SHARED_READ_MIB_PER_SHARD: 2,
  /** GetRecords calls per shard per second, shared by every polling consumer. */
  GET_RECORDS_CALLS_PER_SHARD: 5,
  /** Polling consumers above which AWS advises enhanced fan-out (each polls about once a second). */
  POLLING_CONSUMERS_ADVISED: 2,
  /** Enhanced fan-out consumers registered on one stream. */
  MAX_EFO_CONSUMERS: 20,
  /** Enhanced fan-out consumers of one stream in the CREATING state at once (RegisterStreamConsumer). */
  MAX_EFO_REGISTERING: 5,
  /** Largest record a stream accepts when configured for it (`MaxRecordSizeInKiB` 10240). */
  MAX_RECORD_BYTES: 10 * 1024 * 1024,
  /** Retention bounds in hours: 24 h by default and at least, up to 365 days. */
  MIN_RETENTION_HOURS: 24,
  MAX_RETENTION_HOURS: 8760,
  /**
   * What a new on-demand stream accepts before it scales to its traffic: 4 MiB/s and
   * 4,000 records/s of writes (the capacity of 4 shards).
   */
  ON_DEMAND_INITIAL_WRITE_MIB: 4,
  ON_DEMAND_INITIAL_WRITE_RECORDS: 4000,
  /** Shards per stream (UpdateShardCount upper bound). */
  MAX_SHARDS: 10000,
} as const;

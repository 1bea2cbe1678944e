/**
 * What a stream must carry at its peak: the numbers the shard count, alarms and cost
 * are derived from.
 *
 * Throughputs are in MiB/s (1 MiB = 1,048,576 bytes), the unit of the Kinesis limits.
 */
export interface StreamWorkload {
  /**
   * Peak write throughput of all producers together, in MiB/s.
   *
   * Each shard accepts 1 MiB/s of writes (partition key bytes included).
   *
   * @see https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
   */
  readonly ingestMibPerSecond: number;

  /**
   * Peak read throughput of all polling (GetRecords) consumers together, in MiB/s.
   *
   * Polling consumers share 2 MiB/s per shard; enhanced fan-out consumers are not
   * counted here (each has its own 2 MiB/s per shard). `0` is allowed for a stream read
   * only through enhanced fan-out.
   *
   * @default - `ingestMibPerSecond` × `pollingConsumers`: every polling consumer reads every record
   */
  readonly consumeMibPerSecond?: number;

  /**
   * Peak records written per second, all producers together.
   *
   * Each shard accepts 1,000 records/s, so many small records can need more shards than
   * their bytes suggest.
   *
   * @default - derived from `ingestMibPerSecond` ÷ `averageRecordBytes` when that is given;
   *   otherwise the records limit is not planned for
   */
  readonly ingestRecordsPerSecond?: number;

  /**
   * Average record size in bytes (data plus partition key).
   *
   * Used for the records limit and to price PUT payload units (each 25 KB of a record
   * is one unit). At most 10 MiB, the largest record a stream accepts.
   *
   * @default - derived from `ingestMibPerSecond` ÷ `ingestRecordsPerSecond` when that is given
   */
  readonly averageRecordBytes?: number;

  /**
   * Number of independent applications reading the stream by polling (GetRecords):
   * Lambda event source mappings without enhanced fan-out, Firehose, KCL applications.
   *
   * They share 5 GetRecords calls/s and 2 MiB/s per shard; more than two slow each
   * other down, which the plan warns about.
   *
   * @default 1
   */
  readonly pollingConsumers?: number;

  /**
   * Number of enhanced fan-out consumers, each with a dedicated 2 MiB/s per shard.
   *
   * They do not change the shard count but add consumer-shard-hours to the cost. At
   * most 20 per stream.
   *
   * @see https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html
   * @default 0
   */
  readonly enhancedFanOutConsumers?: number;

  /**
   * Fraction added on top of every peak figure before sizing, e.g. `0.25` plans for
   * 25% more than the stated peaks. Between 0 and 10.
   *
   * @default 0
   */
  readonly headroom?: number;
}

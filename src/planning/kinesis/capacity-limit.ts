/** A per-shard Kinesis limit that can decide how many shards a stream needs. */
export enum CapacityLimit {
  /** 1 MiB/s of writes per shard. */
  WRITE_BYTES = 'WRITE_BYTES',
  /** 1,000 records/s of writes per shard. */
  WRITE_RECORDS = 'WRITE_RECORDS',
  /** 2 MiB/s of reads per shard, shared by all polling consumers. */
  READ_BYTES = 'READ_BYTES',
}

/** How a reader takes records from a source. */
export enum StreamReadMode {
  /**
   * Shared reads: on Kinesis, GetRecords polling, where readers share each shard's
   * 2 MiB/s and 5 calls/s (Lambda event source mappings without enhanced fan-out,
   * Firehose and KCL read this way).
   */
  POLLING = 'POLLING',
  /**
   * A dedicated read: on Kinesis, SubscribeToShard through the reader's own enhanced
   * fan-out consumer, 2 MiB/s per shard for this reader, pushed with about 70 ms latency,
   * at an extra cost.
   */
  ENHANCED_FAN_OUT = 'ENHANCED_FAN_OUT',
}

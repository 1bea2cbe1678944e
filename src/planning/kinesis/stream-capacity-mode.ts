/**
 * How a Kinesis data stream is billed and scaled, as the planner prices it.
 *
 * The planner's own type, so that pure planning code needs no CDK service module;
 * the values match `kinesis.StreamMode`, to which `StreamingIngest` maps it.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html
 */
export enum StreamCapacityMode {
  /** A fixed number of shards, billed per shard-hour and PUT payload unit. */
  PROVISIONED = 'PROVISIONED',
  /** Capacity that follows the load, billed per stream-hour and per GB written and read. */
  ON_DEMAND = 'ON_DEMAND',
}

/**
 * How `DeliverToRedshift` loads a stream into Redshift.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-redshift
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion.html
 */
export enum RedshiftLoadMode {
  /**
   * Firehose reads the source, writes the records to an intermediate S3 bucket and runs
   * `COPY` into a table: minutes of latency (the buffering interval), Firehose's price per
   * GB, any source (a Kinesis stream or a Kafka topic), credentials from Secrets Manager.
   * Firehose connects to Redshift from its own network over the Region's public Firehose
   * CIDR blocks, so the cluster or workgroup must be publicly accessible.
   */
  FIREHOSE_COPY = 'FIREHOSE_COPY',
  /**
   * Redshift reads a Kinesis stream itself into an auto-refreshing materialized view:
   * seconds of latency, no Firehose and no bucket to pay for, and it stays private. It
   * needs an IAM role associated with the cluster or namespace (which only its owner can
   * associate) and a Kinesis stream (not a Kafka topic).
   */
  STREAMING_INGESTION = 'STREAMING_INGESTION',
}

/**
 * Whether Firehose also writes every record, as it received it, to an S3 backup bucket
 * (besides the intermediate bucket that `COPY` loads from).
 */
export enum RedshiftBackupMode {
  /** No backup: the source and the intermediate bucket are the only copies. */
  DISABLED = 'Disabled',
  /** Every record is also written to the backup bucket. */
  ENABLED = 'Enabled',
}

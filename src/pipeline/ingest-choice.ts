/**
 * The ingest service `ChooseIngest` picks: the reference architecture's decision table.
 *
 * A plain enum: the set is closed, the four outcomes of the table.
 */
export enum IngestChoice {
  /** Kinesis Data Streams (`StreamingIngest`): sub-second, 24 h–365 days of replay, several independent consumers. */
  KINESIS = 'KINESIS',
  /** Amazon MSK (`KafkaBridge`): the Kafka protocol or existing Kafka tooling. */
  MSK = 'MSK',
  /** Firehose direct PUT: delivery to S3, Redshift or OpenSearch only, 60–900 s latency, no replay. */
  FIREHOSE = 'FIREHOSE',
  /** Not a stream: tasks handled one at a time by one consumer belong on a queue (Amazon SQS). */
  NOT_A_STREAM = 'NOT_A_STREAM',
}

import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ShardReadOptions } from './shard-read-options';
import { IStreamSource } from '../source/stream-source';

/**
 * Properties of a `ShardConsumer` less its `source`: what `StreamingPipeline.addConsumer()`
 * takes, building on the pipeline's source.
 */
export interface ShardConsumerOptions extends ShardReadOptions {
  /**
   * The function invoked with each batch; it is granted read access to the stream
   * (or its enhanced fan-out consumer) and the stream's key, or to the Kafka topic as its
   * consumer group, plus what Lambda needs to run the mapping (for Kafka: describing the
   * cluster and managing its pollers' network interfaces).
   */
  readonly handler: lambda.IFunction;

  /**
   * Split a failing batch in two and retry each half, so a poison record is isolated
   * instead of failing its whole batch.
   * @default true
   */
  readonly bisectBatchOnError?: boolean;

  /**
   * The handler returns `batchItemFailures` (the sequence number of the first failed
   * record), so Lambda retries from that record instead of the whole batch.
   * @default true
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
   */
  readonly reportBatchItemFailures?: boolean;

  /**
   * Batches processed concurrently per shard, 1–10. Records with the same partition
   * key stay in order. Kinesis only: refused on a Kafka topic, whose partitions Lambda
   * processes one batch at a time each (add partitions to read more in parallel).
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Aggregate over tumbling windows of this length (0–900 seconds): Lambda passes
   * a state between the invocations of a window, per shard. Kinesis only: refused on a
   * Kafka topic.
   * @default - no windows
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
   */
  readonly tumblingWindow?: Duration;

  /**
   * Event filters (`lambda.FilterCriteria.filter({...})`): records matching none are
   * skipped without invoking. At most 5, each at most 4,096 characters as JSON.
   * @default - every record is processed
   * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
   */
  readonly filters?: Array<{ [key: string]: any }>;

  /**
   * The handler deserializes records with the Glue Schema Registry's libraries, which
   * look schema versions up by id: it is granted `glue:GetSchemaVersion` (on `*`, as
   * Glue cannot scope lookups by id to a schema). Only with a source that has a `schema`.
   * Off by default, so that a handler reading plain JSON gets no registry access.
   * @default false
   */
  readonly readsSchema?: boolean;

  /**
   * The bucket Lambda writes each batch it gives up on to, records included, under
   * `aws/lambda/<event source mapping UUID>/<shard id>/YYYY/MM/DD/`. The handler's role
   * may only list the bucket and put objects under `aws/lambda/`, in the bucket's account
   * (and generate data keys with its KMS key: import a KMS-encrypted bucket with
   * `Bucket.fromBucketAttributes({ bucketName, encryptionKey })`). Only without `onFailure`
   * and `failureQueue`.
   * @default - a new bucket: versioned, S3-managed encryption (or `failureEncryptionKey`), TLS only, public access blocked, objects kept until you delete them, deleted and overwritten versions kept 30 days, retained on stack deletion
   * @see https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
   */
  readonly failureBucket?: s3.IBucket;

  /**
   * An SQS queue to record batches given up on in, with an alarm on its depth. The queue
   * receives the shard and sequence numbers of the records, not the records: replay them
   * from the stream within its retention less `maxRecordAge` (warned about). Only without
   * `onFailure` and `failureBucket`.
   * @default - the S3 failure bucket (see `failureBucket`)
   */
  readonly failureQueue?: sqs.IQueue;

  /**
   * KMS key of the new failure bucket. Only for the bucket the consumer creates.
   * @default - S3-managed keys (SSE-S3)
   */
  readonly failureEncryptionKey?: kms.IKey;

  /**
   * Bucket for the new failure bucket's server access logs, under
   * `shard-consumer-failures-access-logs/`. Only for the bucket the consumer creates.
   * @default - no access logs (acknowledged for cdk-nag AwsSolutions-S1 on the failure bucket)
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/** Properties of a `ShardConsumer`. */
export interface ShardConsumerProps extends ShardConsumerOptions {
  /** The stream or topic to read (`StreamingIngest`, `StreamSource.fromStream()`, or a `KafkaTopic`). */
  readonly source: IStreamSource;
}

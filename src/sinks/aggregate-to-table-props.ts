import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AggregateMeasure } from './aggregate-measure';
import { ShardReadOptions } from '../consume/shard-read-options';
import { IStreamSource } from '../source/stream-source';

/**
 * Properties of an `AggregateToTable` less its `source`: what `StreamingPipeline.addAggregate()`
 * takes, building on the pipeline's source.
 */
export interface AggregateToTableOptions extends ShardReadOptions {
  /**
   * JSON path of the field the aggregates are kept per, e.g. `customerId` or
   * `$.merchant.id`; a string or number. A record without it is set aside in the failure
   * store, uncounted.
   */
  readonly keyField: string;

  /**
   * Length of the tumbling windows, 1–900 seconds: one item per key and window.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
   */
  readonly window: Duration;

  /**
   * The figures kept per key and window.
   * @default [AggregateMeasure.count()]
   */
  readonly measures?: AggregateMeasure[];

  /**
   * The table to write to: partition key `key` (string), sort key `windowStart`
   * (string), TTL on `expiresAt` if old windows should expire. Besides one item per key
   * and window, the handler keeps one progress item per shard and window, under partition
   * keys starting with `aggregate-progress#`. The function may get, put and update items.
   * @default - a new table: on-demand, point-in-time recovery, KMS encryption, TTL on `expiresAt`, retained on stack deletion
   */
  readonly table?: dynamodb.ITable;

  /**
   * How long after its window ends (or after the last merge into it, if later) an item
   * expires (DynamoDB TTL, when the table's TTL attribute is `expiresAt`). Longer than
   * `maxRecordAge` plus `window`: a shard may merge its part of a window that late, and
   * must not find the item already deleted.
   * @default Duration.days(30)
   */
  readonly expireAfter?: Duration;

  /**
   * Where the handler sets aside what it cannot count, instead of failing the batch:
   * malformed records (with their raw bytes, shard, sequence number and reason) under
   * `failurePrefix`, and per-key values DynamoDB refused to store under
   * `<failurePrefix>aggregates/`. Unless `onFailure` is given, it is also Lambda's on-failure
   * destination: batches it gives up on land under `aws/lambda/`, records included.
   * The function may only put objects under `failurePrefix` (and, for Lambda, `aws/lambda/`)
   * (and use the bucket's KMS key to do so: import a KMS-encrypted bucket with
   * `Bucket.fromBucketAttributes({ bucketName, encryptionKey })` so that the key is granted).
   * @default - a new bucket: versioned, S3-managed encryption (or `failureEncryptionKey`), TLS only, public access blocked, non-current versions kept 30 days, retained on stack deletion
   */
  readonly failureBucket?: s3.IBucket;

  /**
   * Key prefix of the failure store in `failureBucket`: 1–512 characters, ending with `/`,
   * not starting with one.
   * @default 'aggregate-failures/'
   */
  readonly failurePrefix?: string;

  /**
   * KMS key of the new failure bucket. Only for the bucket the aggregate creates: a given
   * `failureBucket` keeps its own encryption.
   * @default - S3-managed keys (SSE-S3)
   */
  readonly failureEncryptionKey?: kms.IKey;

  /**
   * Bucket for the new failure bucket's server access logs, under
   * `aggregate-failures-access-logs/`. Only for the bucket the aggregate creates.
   * @default - no access logs (acknowledged for cdk-nag AwsSolutions-S1 on the failure bucket)
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * Memory of the aggregating function, 128–10,240 MiB; CPU grows with it, and JSON
   * decoding is CPU-bound.
   * @default 1024
   */
  readonly memorySize?: number;

  /**
   * Timeout of the aggregating function, up to 15 minutes. The final invocation of a
   * window writes one item per key seen in it.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;

  /**
   * How long the aggregating function's logs are kept. The log group is retained when
   * the stack is deleted, with the table and the failure bucket, and expires its lines
   * after this.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Properties of an `AggregateToTable`. */
export interface AggregateToTableProps extends AggregateToTableOptions {
  /** The stream whose JSON records are aggregated. */
  readonly source: IStreamSource;
}

import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AggregateMeasure } from './aggregate-measure';
import { ShardReadOptions } from '../consume/shard-read-options';
import { IStreamSource } from '../ingest/stream-source';

/** Properties of an `AggregateToTable`. */
export interface AggregateToTableProps extends ShardReadOptions {
  /** The stream whose JSON records are aggregated. */
  readonly source: IStreamSource;

  /**
   * JSON path of the field the aggregates are kept per, e.g. `customerId` or
   * `$.merchant.id`; a string or number. A record without it is reported as failed.
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
   * (string), TTL on `expiresAt` if old windows should expire.
   * @default - a new table: on-demand, point-in-time recovery, KMS encryption, TTL on `expiresAt`, retained on stack deletion
   */
  readonly table?: dynamodb.ITable;

  /**
   * How long after its window ends an item expires (DynamoDB TTL, when the table's
   * TTL attribute is `expiresAt`), at least 1 minute.
   * @default Duration.days(30)
   */
  readonly expireAfter?: Duration;

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
   * How long the aggregating function's logs are kept (they name every malformed record).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

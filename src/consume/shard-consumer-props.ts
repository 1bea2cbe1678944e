import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ShardReadOptions } from './shard-read-options';
import { IStreamSource } from '../ingest/stream-source';

/** Properties of a `ShardConsumer`. */
export interface ShardConsumerProps extends ShardReadOptions {
  /** The stream to read (`StreamingIngest`, or `StreamSource.fromStream()`). */
  readonly source: IStreamSource;

  /**
   * The function invoked with each batch; it is granted read access to the stream
   * (or its enhanced fan-out consumer) and the stream's key.
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
   * key stay in order.
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * Aggregate over tumbling windows of this length (0–900 seconds): Lambda passes
   * a state between the invocations of a window, per shard.
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
}

import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IReaderBinding } from './reader-binding';
import { StreamReader, StreamReaderOptions } from './stream-reader';
import { StreamWriter, StreamWriterOptions } from './stream-writer';
import { IWriterBinding } from './writer-binding';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { IRegistrySchema } from '../schema/registry-schema';

/**
 * A source of records that consumers and sinks read from, whatever service carries it.
 *
 * `StreamingIngest` is one; `StreamSource.fromStream()` turns any Kinesis stream into
 * one. Readers call `bindReader()` so that the source knows every reader (its read plan
 * and warnings count them), registers enhanced fan-out consumers, and hands back a
 * binding that speaks the reader's language.
 */
export interface IStreamSource {
  /** A name for the source in messages, plans and dashboards. */
  readonly sourceName: string;

  /**
   * How long the source keeps records; consumers derive their iterator-age alarm and
   * `maxRecordAge` limits from it.
   */
  readonly retention: Duration;

  /**
   * The workload the source was declared with.
   * @default - unknown
   */
  readonly workload?: StreamWorkload;

  /**
   * The capacity plan, including every reader bound so far.
   * @default - no plan: no workload was declared
   */
  readonly plan?: ShardPlan;

  /** The readers bound so far. */
  readonly readers: StreamReader[];

  /** The writers (producers) bound so far. */
  readonly writers: StreamWriter[];

  /**
   * The registered schema of the source's events; `grantRead()` and `grantWrite()`
   * include it.
   * @default - none
   */
  readonly schema?: IRegistrySchema;

  /**
   * Registers a reader and returns what it reads through.
   *
   * Throws when the reader's name is taken or invalid, or when it would be the 21st
   * enhanced fan-out consumer; warns when more than two readers poll.
   *
   * @param scope the reader, named in messages and warnings (an enhanced fan-out
   *   consumer belongs to the stream, at `<stream>/Readers/<readerName>`)
   */
  bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding;

  /**
   * Registers a writer (a producer such as `ApiGatewayProducer`) and returns what it
   * writes through. The plan sizes for the sum of the writers' records when that is
   * more than the declared workload.
   *
   * Throws when the writer's name is taken or invalid.
   *
   * @param scope the writer, named in messages and warnings
   */
  bindWriter(scope: Construct, options: StreamWriterOptions): IWriterBinding;

  /** Permits reading the source's records, including decrypting them and the schema. */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /** Permits writing records to the source, including encrypting them and the schema. */
  grantWrite(grantee: iam.IGrantable): iam.Grant;
}

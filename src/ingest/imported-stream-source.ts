import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { KinesisSourceCore } from './kinesis-source-core';
import { withPath } from '../common/input-error';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { retentionHours } from '../planning/kinesis/retention';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { IRegistrySchema } from '../schema/registry-schema';
import { IReaderBinding } from '../source/reader-binding';
import { StreamReader, StreamReaderOptions } from '../source/stream-reader';
import { IStreamSource } from '../source/stream-source';
import { StreamWriter, StreamWriterOptions } from '../source/stream-writer';
import { IWriterBinding } from '../source/writer-binding';

/** What is known of a Kinesis stream made elsewhere. */
export interface StreamSourceProps {
  /**
   * Its workload: gives the source a plan, which counts the readers bound here.
   * @default - unknown: no plan
   */
  readonly workload?: StreamWorkload;

  /**
   * Its retention; consumers size their alarms and `maxRecordAge` from it.
   * @default Duration.hours(24) - the shortest a stream can have
   */
  readonly retention?: Duration;

  /**
   * The registered schema of its events: `grantRead()` and `grantWrite()` include it, and
   * readers that deserialize with it are granted it.
   * @default - none
   */
  readonly schema?: IRegistrySchema;
}

/** Turns existing resources into `IStreamSource`s. */
export class StreamSource {
  /**
   * A Kinesis stream defined elsewhere (`Stream.fromStreamArn()`, another stack) as a source.
   *
   * @example
   * declare const existing: kinesis.IStream;
   * StreamSource.fromStream(existing, { workload: { ingestMibPerSecond: 1.5 }, retention: Duration.hours(48) });
   */
  public static fromStream(stream: kinesis.IStream, props: StreamSourceProps = {}): IStreamSource {
    withPath(stream, () => retentionHours(props.retention));
    const source = new ImportedStreamSource(stream, props);
    void source.plan; // checks the workload now, with the stream's path in the message
    return source;
  }

  private constructor() {}
}

/** A Kinesis stream from elsewhere; its readers are shared with every other source of the same stream. */
class ImportedStreamSource implements IStreamSource {
  public readonly sourceName: string;
  public readonly workload?: StreamWorkload;
  public readonly retention: Duration;
  public readonly schema?: IRegistrySchema;
  private readonly core: KinesisSourceCore;

  constructor(private readonly stream: kinesis.IStream, props: StreamSourceProps) {
    this.sourceName = stream.node.path;
    this.workload = props.workload;
    this.retention = props.retention ?? Duration.hours(KinesisLimits.MIN_RETENTION_HOURS);
    this.schema = props.schema;
    this.core = new KinesisSourceCore(stream, props.schema);
  }

  public get readers(): StreamReader[] {
    return this.core.readers;
  }

  public get writers(): StreamWriter[] {
    return this.core.writers;
  }

  public bindWriter(scope: Construct, options: StreamWriterOptions): IWriterBinding {
    return this.core.bindWriter(scope, options);
  }

  public get plan(): ShardPlan | undefined {
    const workload = this.workload;
    return workload
      ? withPath(this.stream, () => ShardSizing.plan(this.core.effectiveWorkload(workload), { retention: this.retention }))
      : undefined;
  }

  public bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding {
    return this.core.bindReader(scope, options);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.core.grantRead(grantee);
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.core.grantWrite(grantee);
  }
}

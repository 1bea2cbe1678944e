import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { ReaderRegistry } from './reader-registry';
import { grantStreamRead, grantStreamWrite } from './stream-grants';
import { withPath } from '../common/input-error';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { retentionHours } from '../planning/kinesis/retention';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { IRegistrySchema } from '../schema/registry-schema';

/** How a reader takes records from a source. */
export enum StreamReadMode {
  /**
   * Polling (GetRecords on Kinesis): readers share each shard's 2 MiB/s and 5 calls/s.
   * Lambda event source mappings without enhanced fan-out, Firehose and KCL use it.
   */
  POLLING = 'POLLING',
  /**
   * Enhanced fan-out (SubscribeToShard on Kinesis): a dedicated 2 MiB/s per shard for
   * this reader, pushed with about 70 ms latency, at an extra cost.
   */
  ENHANCED_FAN_OUT = 'ENHANCED_FAN_OUT',
}

/** A reader asking a source for access, passed to `IStreamSource.bindReader()`. */
export interface StreamReaderOptions {
  /**
   * Name of the reader, unique per source. With enhanced fan-out it names the stream
   * consumer, so 1–128 characters of `a-z A-Z 0-9 _ . -`.
   */
  readonly readerName: string;

  /**
   * How the reader takes records.
   * @default StreamReadMode.POLLING
   */
  readonly readMode?: StreamReadMode;

  /**
   * The reader's identity (e.g. its Lambda function), granted what it needs to read:
   * the stream, its enhanced fan-out consumer and the encryption key.
   * @default - nothing is granted; call `grantRead()` or grant the consumer yourself
   */
  readonly grantee?: iam.IGrantable;

  /**
   * How far behind the stream the reader may fall in normal operation: its latency
   * alarm fires beyond it. Shown in the plan.
   * @default - not stated
   */
  readonly latencyObjective?: Duration;

  /**
   * The lag at which the reader's backstop alarm fires: records are getting close to
   * the end of the retention (or to the age at which the reader gives up on them).
   * Shown in the plan.
   * @default - not stated
   */
  readonly lagBackstop?: Duration;

  /**
   * The record age at which the reader gives up on a record it could not process (a
   * Lambda event source mapping's `maxRecordAge`). The stream keeps the record for the
   * rest of its retention: that is the time left to replay it. Shown in the plan.
   * @default - the reader never gives up on a record
   */
  readonly maxRecordAge?: Duration;
}

/** A reader as the source recorded it. */
export interface StreamReader {
  /** The reader's name. */
  readonly readerName: string;
  /** How it reads. */
  readonly readMode: StreamReadMode;
  /** Construct path of the reader, for messages. */
  readonly path: string;

  /**
   * How far behind the stream the reader may fall in normal operation.
   * @default - not stated
   */
  readonly latencyObjective?: Duration;

  /**
   * The lag at which the reader's backstop alarm fires.
   * @default - not stated
   */
  readonly lagBackstop?: Duration;

  /**
   * The record age at which the reader gives up on a record.
   * @default - the reader never gives up on a record
   */
  readonly maxRecordAge?: Duration;
}

/**
 * What a reader gets from `bindReader()`: the service-specific handles it reads
 * through. Exactly the fields of the source's service are set.
 */
export interface StreamSourceBinding {
  /**
   * The Kinesis stream, for a source backed by Kinesis Data Streams.
   * @default - not a Kinesis source
   */
  readonly stream?: kinesis.IStream;

  /**
   * The enhanced fan-out consumer registered for this reader.
   * @default - the reader polls, or the source is not Kinesis
   */
  readonly streamConsumer?: kinesis.IStreamConsumer;
}

/**
 * A source of records that consumers and sinks read from, whatever service carries it.
 *
 * `StreamingIngest` is one; `StreamSource.fromStream()` turns any Kinesis stream into
 * one. Readers call `bindReader()` so that the source knows every reader (its read plan
 * and warnings count them), registers enhanced fan-out consumers, and hands back the
 * handles to read through.
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
  bindReader(scope: Construct, options: StreamReaderOptions): StreamSourceBinding;

  /** Permits reading the source's records, including decrypting them. */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /** Permits writing records to the source, including encrypting them. */
  grantWrite(grantee: iam.IGrantable): iam.Grant;
}

/** Turns existing resources into `IStreamSource`s. */
export class StreamSource {
  /**
   * A Kinesis stream defined elsewhere (`Stream.fromStreamArn()`, another stack) as a source.
   *
   * @param stream the stream
   * @param workload its workload, when known: gives the source a plan
   * @param retention its retention; consumers size their alarms from it
   *   (default: 24 hours, the shortest a stream can have)
   * @param schema the registered schema of its events: readers and writers are granted it too (default: none)
   */
  public static fromStream(stream: kinesis.IStream, workload?: StreamWorkload, retention?: Duration, schema?: IRegistrySchema): IStreamSource {
    const source = new ImportedStreamSource(stream, workload, retention ?? Duration.hours(KinesisLimits.MIN_RETENTION_HOURS), schema);
    withPath(stream, () => retentionHours(retention));
    void source.plan; // checks the workload now, with the stream's path in the message
    return source;
  }

  private constructor() {}
}

/** A Kinesis stream from elsewhere; its readers are shared with every other source of the same stream. */
class ImportedStreamSource implements IStreamSource {
  public readonly sourceName: string;
  private readonly registry: ReaderRegistry;

  constructor(
    private readonly stream: kinesis.IStream,
    public readonly workload: StreamWorkload | undefined,
    public readonly retention: Duration,
    public readonly schema: IRegistrySchema | undefined) {
    this.sourceName = stream.node.path;
    this.registry = ReaderRegistry.of(stream);
  }

  public get readers(): StreamReader[] {
    return [...this.registry.readers];
  }

  public get plan(): ShardPlan | undefined {
    const workload = this.workload;
    return workload
      ? withPath(this.stream, () => ShardSizing.plan(this.registry.effectiveWorkload(workload), { retention: this.retention }))
      : undefined;
  }

  public bindReader(scope: Construct, options: StreamReaderOptions): StreamSourceBinding {
    return this.registry.bind(scope, options);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantStreamRead(this.stream, this.schema, grantee);
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return grantStreamWrite(this.stream, this.schema, grantee);
  }
}

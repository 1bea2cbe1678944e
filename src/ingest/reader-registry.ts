import { Annotations } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { fail } from '../common/input-error';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { StreamReadMode } from '../source/read-mode';
import { StreamReader, StreamReaderOptions } from '../source/stream-reader';

/** Reader names: they name enhanced fan-out consumers, so RegisterStreamConsumer's rule. */
const READER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Construct id of the registry under its stream; public contract. */
const REGISTRY_ID = 'Readers';

/**
 * The readers of one Kinesis stream, kept under the stream's construct so that every
 * source made from the same stream (`StreamingIngest`, any number of
 * `StreamSource.fromStream()` calls) shares them.
 *
 * It checks each new reader against the stream's read limits, registers enhanced
 * fan-out consumers (as its children, named by the reader), and adjusts the declared
 * workload to the readers actually bound.
 */
export class ReaderRegistry extends Construct {
  /** The registry of `stream`, created on first use. */
  public static of(stream: kinesis.IStream): ReaderRegistry {
    const existing = stream.node.tryFindChild(REGISTRY_ID);
    return existing instanceof ReaderRegistry ? existing : new ReaderRegistry(stream);
  }

  public readonly readers: StreamReader[] = [];

  private constructor(private readonly stream: kinesis.IStream) {
    super(stream, REGISTRY_ID);
  }

  /**
   * Registers a reader of the stream, after checking its name and the stream's read
   * limits, and returns the enhanced fan-out consumer registered for it, if it reads so.
   */
  public bind(scope: Construct, options: StreamReaderOptions): kinesis.IStreamConsumer | undefined {
    const name = options.readerName;
    const readMode = options.readMode ?? StreamReadMode.POLLING;
    // A stream made by a higher-level construct (its `Resource`) is named by that construct.
    const streamNode = this.stream.node;
    const streamPath = streamNode.id === 'Resource' && streamNode.scope ? streamNode.scope.node.path : streamNode.path;
    if (typeof name !== 'string' || !READER_NAME.test(name)) {
      fail(scope, `\`readerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${name}'`);
    }
    const taken = this.readers.find(r => r.readerName === name);
    if (taken) {
      fail(scope, `\`readerName\` '${name}' is already taken by ${taken.path} on ${streamPath}: give each reader of a stream its own name`);
    }
    if (readMode === StreamReadMode.ENHANCED_FAN_OUT) {
      const efo = this.count(StreamReadMode.ENHANCED_FAN_OUT) + 1;
      if (efo > KinesisLimits.MAX_EFO_CONSUMERS) {
        fail(scope, `\`readMode\` ENHANCED_FAN_OUT: enhanced fan-out readers of ${streamPath} must be at most `
          + `${KinesisLimits.MAX_EFO_CONSUMERS}, got ${efo}: read by polling, or fan out to a second stream`);
      }
    }
    this.readers.push({
      readerName: name,
      readMode,
      path: scope.node.path,
      latencyObjective: options.latencyObjective,
      lagBackstop: options.lagBackstop,
      maxRecordAge: options.maxRecordAge,
    });

    if (readMode === StreamReadMode.ENHANCED_FAN_OUT) {
      const streamConsumer = new kinesis.StreamConsumer(this, name, { stream: this.stream, streamConsumerName: name });
      // Kinesis registers at most 5 consumers of a stream at a time: each waits for the one 5 places before it.
      const consumers = this.node.children.filter((c): c is kinesis.StreamConsumer => c instanceof kinesis.StreamConsumer);
      const waitFor = consumers[consumers.length - 1 - KinesisLimits.MAX_EFO_REGISTERING];
      if (waitFor) {
        streamConsumer.node.addDependency(waitFor);
      }
      return streamConsumer;
    }
    const polling = this.count(StreamReadMode.POLLING);
    if (polling > KinesisLimits.POLLING_CONSUMERS_ADVISED) {
      Annotations.of(scope).addWarningV2('cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
        `${scope.node.path} is polling reader number ${polling} of ${streamPath}: polling readers share `
        + `${KinesisLimits.GET_RECORDS_CALLS_PER_SHARD} GetRecords calls/s and ${KinesisLimits.SHARED_READ_MIB_PER_SHARD} MiB/s per shard `
        + `and throttle each other beyond ${KinesisLimits.POLLING_CONSUMERS_ADVISED}. Read with enhanced fan-out instead.`);
    }
    return undefined;
  }

  /**
   * The declared workload adjusted to the bound readers: at least as many polling
   * readers as are bound (each reads every byte), at least as many enhanced fan-out
   * consumers.
   */
  public effectiveWorkload(declared: StreamWorkload): StreamWorkload {
    const polling = this.count(StreamReadMode.POLLING);
    const efo = this.count(StreamReadMode.ENHANCED_FAN_OUT);
    // An unset consumeMibPerSecond defaults to ingestMibPerSecond × pollingConsumers, which already counts them.
    const consumeMibPerSecond = declared.consumeMibPerSecond === undefined || polling === 0
      ? declared.consumeMibPerSecond : Math.max(declared.consumeMibPerSecond, declared.ingestMibPerSecond * polling);
    return {
      ...declared,
      pollingConsumers: polling > 0 ? Math.max(declared.pollingConsumers ?? 1, polling) : declared.pollingConsumers,
      consumeMibPerSecond,
      enhancedFanOutConsumers: Math.max(declared.enhancedFanOutConsumers ?? 0, efo),
    };
  }

  private count(mode: StreamReadMode): number {
    return this.readers.filter(r => r.readMode === mode).length;
  }
}

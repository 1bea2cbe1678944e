import { Annotations } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct, IConstruct } from 'constructs';
import { StreamReader, StreamReaderOptions, StreamReadMode, StreamSourceBinding } from './stream-source';
import { KinesisLimits } from '../capacity/kinesis-limits';
import { StreamWorkload } from '../capacity/stream-workload';
import { fail } from '../common/input-error';

/** Enhanced fan-out consumer names, as RegisterStreamConsumer accepts them. */
const CONSUMER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Construct id of the enhanced fan-out consumer a reader gets; public contract. */
export const ENHANCED_FAN_OUT_CONSUMER_ID = 'EnhancedFanOutConsumer';

/**
 * The readers of one Kinesis stream: it checks each new reader against the stream's
 * read limits, registers enhanced fan-out consumers, and adjusts the declared workload
 * to the readers actually bound.
 */
export class ReaderRegistry {
  public readonly readers: StreamReader[] = [];

  constructor(private readonly stream: kinesis.IStream, private readonly owner: IConstruct) {}

  public bind(scope: Construct, options: StreamReaderOptions): StreamSourceBinding {
    const name = options.readerName;
    const readMode = options.readMode ?? StreamReadMode.POLLING;
    if (this.readers.some(r => r.readerName === name)) {
      fail(scope, `\`readerName\` '${name}' already reads ${this.owner.node.path}: give each reader of a stream its own name`);
    }
    if (readMode === StreamReadMode.ENHANCED_FAN_OUT) {
      if (!CONSUMER_NAME.test(name)) {
        fail(scope, `\`readerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and - to name an enhanced fan-out consumer, got '${name}'`);
      }
      const efo = this.count(StreamReadMode.ENHANCED_FAN_OUT) + 1;
      if (efo > KinesisLimits.MAX_EFO_CONSUMERS) {
        fail(scope, `enhanced fan-out readers of ${this.owner.node.path} must be at most ${KinesisLimits.MAX_EFO_CONSUMERS}, got ${efo}: `
          + 'read by polling, or fan out to a second stream');
      }
    }
    this.readers.push({ readerName: name, readMode, path: scope.node.path });

    if (readMode === StreamReadMode.ENHANCED_FAN_OUT) {
      const streamConsumer = new kinesis.StreamConsumer(scope, ENHANCED_FAN_OUT_CONSUMER_ID, {
        stream: this.stream,
        streamConsumerName: name,
      });
      return { stream: this.stream, streamConsumer };
    }
    const polling = this.count(StreamReadMode.POLLING);
    if (polling > KinesisLimits.POLLING_CONSUMERS_ADVISED) {
      Annotations.of(scope).addWarningV2('cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
        `${scope.node.path} is polling reader number ${polling} of ${this.owner.node.path}: polling readers share `
        + `${KinesisLimits.GET_RECORDS_CALLS_PER_SHARD} GetRecords calls/s and ${KinesisLimits.SHARED_READ_MIB_PER_SHARD} MiB/s per shard `
        + `and throttle each other beyond ${KinesisLimits.POLLING_CONSUMERS_ADVISED}. Read with enhanced fan-out instead.`);
    }
    return { stream: this.stream };
  }

  /**
   * The declared workload adjusted to the bound readers: at least as many polling
   * readers as are bound (each reads every byte), at least as many enhanced fan-out
   * consumers.
   */
  public effectiveWorkload(declared: StreamWorkload): StreamWorkload {
    const polling = this.count(StreamReadMode.POLLING);
    const efo = this.count(StreamReadMode.ENHANCED_FAN_OUT);
    const pollingConsumers = polling > 0 ? Math.max(declared.pollingConsumers ?? 1, polling) : declared.pollingConsumers;
    const declaredConsume = declared.consumeMBps ?? declared.ingestMBps * (declared.pollingConsumers ?? 1);
    return {
      ...declared,
      pollingConsumers,
      consumeMBps: polling > 0 ? Math.max(declaredConsume, declared.ingestMBps * polling) : declared.consumeMBps,
      enhancedFanOutConsumers: Math.max(declared.enhancedFanOutConsumers ?? 0, efo),
    };
  }

  private count(mode: StreamReadMode): number {
    return this.readers.filter(r => r.readMode === mode).length;
  }
}

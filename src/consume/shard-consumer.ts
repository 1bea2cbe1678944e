import { Annotations, Aspects, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createConsumerAlarms } from './consumer-alarms';
import { ConsumerMetrics } from './consumer-metrics';
import { EventSourceLimits } from './event-source-limits';
import { createFailureQueue } from './failure-queue';
import { MappingSettings, resolveMappingSettings } from './mapping-settings';
import { ShardConsumerProps } from './shard-consumer-props';
import { KinesisLimits } from '../capacity/kinesis-limits';
import { fail, withPath } from '../common/input-error';
import { defaultReaderName } from '../ingest/reader-registry';
import { IStreamSource, StreamReadMode } from '../ingest/stream-source';
import { AlarmFactory } from '../monitoring/alarm-factory';

const WARNING_PREFIX = 'cdk-streaming-pipelines:ShardConsumer:';

/**
 * A Lambda function reading every shard of a stream: the reference architecture's
 * "Lambda per shard" processing layer.
 *
 * It binds to the source as a reader (so the stream's plan and warnings count it),
 * reads by polling or through its own enhanced fan-out consumer, grants the handler
 * exactly what reading needs, and never lets a poison record hold a shard: failing
 * batches are bisected, retried a few times, and then recorded in a failure
 * destination that has an alarm.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * declare const fraudCheck: lambda.IFunction;
 * new ShardConsumer(this, 'FraudDetector', { source: ingest, handler: fraudCheck });
 */
export class ShardConsumer extends Construct {
  /** The function invoked with each batch. */
  public readonly handler: lambda.IFunction;
  /** The event source mapping reading the stream. */
  public readonly eventSourceMapping: lambda.IEventSourceMapping;
  /** This consumer's name among the source's readers (and its stream consumer's name). */
  public readonly readerName: string;
  /** The source read. */
  public readonly source: IStreamSource;
  /**
   * The enhanced fan-out consumer read through.
   * @default - none: the consumer polls
   */
  public readonly streamConsumer?: kinesis.IStreamConsumer;
  /**
   * The failure queue created as the on-failure destination.
   * @default - none: `onFailure` was given
   */
  public readonly failureQueue?: sqs.IQueue;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: ConsumerMetrics;

  constructor(scope: Construct, id: string, props: ShardConsumerProps) {
    super(scope, id);
    const { source, handler } = props;
    this.source = source;
    this.handler = handler;
    const settings = withPath(this, () => resolveMappingSettings(props, source.retention));
    if (!handler.role) {
      // Lambda checks the role's permissions when it creates the mapping: it must be grantable.
      fail(this, '`handler` has no role to grant reading to (imported with `Function.fromFunctionArn()`): import it '
        + 'with `Function.fromFunctionAttributes({ functionArn, role })`, giving its execution role');
    }
    this.readerName = props.readerName ?? defaultReaderName(this);

    const binding = source.bindReader(this, {
      readerName: this.readerName,
      readMode: props.enhancedFanOut ? StreamReadMode.ENHANCED_FAN_OUT : StreamReadMode.POLLING,
    });
    const stream = binding.stream;
    if (!stream) {
      fail(this, `\`source\` ${source.sourceName} is not a Kinesis stream: ShardConsumer reads Kinesis sources`);
    }
    this.claimHandler(handler, stream);
    this.streamConsumer = binding.streamConsumer;
    const readGrant = this.streamConsumer ? this.streamConsumer.grantRead(handler) : stream.grantRead(handler);
    if (props.readsSchema ?? false) {
      source.schema?.grantRead(handler);
    }

    let onFailure = props.onFailure;
    if (!onFailure) {
      this.failureQueue = createFailureQueue(this, 'FailureQueue');
      onFailure = new sources.SqsDlq(this.failureQueue);
    }
    const mapping = new lambda.EventSourceMapping(this, 'Resource', {
      target: handler,
      eventSourceArn: this.streamConsumer?.streamConsumerArn ?? stream.streamArn,
      ...mappingProps(settings),
      onFailure,
      supportS3OnFailureDestination: true,
    });
    // Lambda checks its permissions when the mapping is created: the policy must exist first.
    readGrant.applyBefore(mapping);
    this.eventSourceMapping = mapping;

    this.warnAboutSettings(settings);
    // Whether the stream is used as a task queue depends on readers bound after this one.
    Aspects.of(this).add({ visit: node => node === this && this.warnIfTaskQueue(settings) });

    this.metrics = new ConsumerMetrics(handler, stream, this.streamConsumer, this.failureQueue);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createConsumerAlarms(this.alarmFactory, {
        label: `Stream consumer ${this.node.path} (reader ${this.readerName} of ${source.sourceName})`,
        metrics: this.metrics,
        iteratorAgeThreshold: settings.iteratorAgeThreshold,
        maxRecordAge: settings.maxRecordAge,
      });
    }
  }

  /** The consumer's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * How old the last record of each batch was when Lambda read it, in milliseconds
   * (Lambda `IteratorAge`). Maximum over 1 minute by default.
   */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.iteratorAge(props);
  }

  /** Failed invocations of the handler (Lambda `Errors`). Sum over 1 minute by default. */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.errors(props);
  }

  /** Throttled invocations of the handler (Lambda `Throttles`). Sum over 1 minute by default. */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.throttles(props);
  }

  /**
   * How far the enhanced fan-out consumer is behind the stream's tip, in milliseconds
   * (`SubscribeToShardEvent.MillisBehindLatest`, by stream and consumer name). Maximum
   * over 1 minute by default.
   * @returns undefined when the consumer polls
   */
  public metricMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.millisBehindLatest(props);
  }

  /**
   * Messages waiting in the default failure queue (SQS `ApproximateNumberOfMessagesVisible`).
   * Maximum over 5 minutes by default.
   * @returns undefined when `onFailure` was given
   */
  public metricFailureQueueDepth(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.failureQueueDepth(props);
  }

  /**
   * Failed deliveries of given-up batches to the failure destination
   * (Lambda `DestinationDeliveryFailures`). Sum over 1 minute by default.
   */
  public metricDestinationDeliveryFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.destinationDeliveryFailures(props);
  }

  /** Permits the grantee to consume (read and delete) the failure queue's messages, to reprocess them. */
  public grantConsumeFailures(grantee: iam.IGrantable): iam.Grant {
    if (!this.failureQueue) {
      fail(this, '`grantConsumeFailures()` needs the default failure queue, but `onFailure` was given: grant access on your destination');
    }
    return this.failureQueue.grantConsumeMessages(grantee);
  }

  /**
   * Lambda refuses a second event source mapping of one function on one stream (or
   * consumer) at deploy: refused here, where the construct path says which one.
   */
  private claimHandler(handler: lambda.IFunction, stream: kinesis.IStream): void {
    const claimId = `ShardConsumerOf${Names.nodeUniqueId(stream.node)}`;
    const claim = handler.node.tryFindChild(claimId);
    if (claim) {
      fail(this, `\`handler\` ${handler.node.path} already reads ${this.source.sourceName} through ${(claim as HandlerClaim).consumerPath}: `
        + 'Lambda allows one mapping per function and stream (or stream consumer); give this consumer its own function');
    }
    new HandlerClaim(handler, claimId, this.node.path);
  }

  private warnAboutSettings(s: MappingSettings): void {
    if (s.retryAttempts === EventSourceLimits.INFINITE_RETRIES) {
      this.warn('infiniteRetries', `${this.node.path} retries failing batches until their records are `
        + `${s.maxRecordAge.toHumanString()} old (\`retryAttempts\` -1): a poison record holds its shard, and every record behind it, that long. `
        + 'Set a finite `retryAttempts` unless order matters more than latency.');
    }
  }

  private warnIfTaskQueue(s: MappingSettings): void {
    const onlyReader = this.source.readers.length === 1;
    const noReplay = this.source.retention.toHours() <= KinesisLimits.MIN_RETENTION_HOURS;
    if (s.batchSize === 1 && onlyReader && noReplay) {
      this.warn('streamAsTaskQueue', `${this.node.path} is the only reader of ${this.source.sourceName} and takes one record `
        + 'per invocation, with the minimum retention: that is a task queue, not a stream. A stream adds shards, iterators and '
        + 'ordering for no benefit here; use SQS (per-message retries, scaling on queue depth) unless you need ordered, '
        + 'replayable records for several independent readers.');
    }
  }

  private warn(id: string, message: string): void {
    Annotations.of(this).addWarningV2(WARNING_PREFIX + id, message);
  }
}

function mappingProps(s: MappingSettings): Omit<lambda.EventSourceMappingProps, 'target'> {
  return {
    startingPosition: s.startingPosition,
    startingPositionTimestamp: s.startingPositionTimestamp,
    batchSize: s.batchSize,
    maxBatchingWindow: s.maxBatchingWindow,
    retryAttempts: s.retryAttempts,
    maxRecordAge: s.maxRecordAge,
    bisectBatchOnError: s.bisectBatchOnError,
    reportBatchItemFailures: s.reportBatchItemFailures,
    parallelizationFactor: s.parallelizationFactor,
    tumblingWindow: s.tumblingWindow,
    filters: s.filters,
  };
}

/** Marks a function as read by a consumer of one stream (no resources). */
class HandlerClaim extends Construct {
  constructor(handler: lambda.IFunction, id: string, public readonly consumerPath: string) {
    super(handler, id);
  }
}

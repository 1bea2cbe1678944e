import { Aspects, Duration, Names, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { createConsumerAlarms } from './consumer-alarms';
import { ConsumerMetrics } from './consumer-metrics';
import { replayWindow, warnAboutReplay, warnAboutSettings, warnIfTaskQueue } from './consumer-warnings';
import { FAILURE_OBJECTS_PREFIX } from './failure-bucket-destination';
import { resolveFailureDestination } from './failure-destination';
import { checkSupportedSettings, MappingSettings, resolveMappingSettings } from './mapping-settings';
import { recordTermsOf } from './record-terms';
import { ShardConsumerProps } from './shard-consumer-props';
import { createFailureBucket } from '../common/failure-bucket';
import { fail, withPath } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { StreamReadMode } from '../source/read-mode';
import { LambdaSourceConfiguration } from '../source/reader-binding';
import { defaultReaderName } from '../source/reader-name';
import { IStreamSource } from '../source/stream-source';

/**
 * A Lambda function reading every shard of a stream, or every partition of a Kafka
 * topic: the reference architecture's "Lambda per shard" processing layer.
 *
 * It binds to the source as a reader (so the stream's plan and warnings count it),
 * reads by polling or through its own enhanced fan-out consumer, grants the handler
 * exactly what reading needs, and never lets a poison record hold a shard: failing
 * batches are bisected, retried a few times, and then written, records included, to a
 * failure bucket that has an alarm. Its alarms tell a reader behind its latency
 * objective from one about to give up on records.
 *
 * On a Kafka topic (`KafkaBridge.addTopic()`) the consumer is its own consumer group
 * (named `readerName`), and its mapping runs with provisioned event pollers (billed per
 * event poller unit-hour, at least one): Lambda applies retries, bisecting, `maxRecordAge`
 * and partial batch responses to Kafka mappings in provisioned mode only. Lambda's pollers
 * run in the cluster's subnets, so the failure destination is reached through a VPC
 * endpoint there (created by the bridge); the lag alarms watch MSK's consumer lag, as
 * Lambda publishes no IteratorAge for Kafka, and `OffsetLagAlarm` watches Lambda's `OffsetLag`.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-msk-cluster-network.html
 *
 * @example
 * declare const ingest: StreamingIngest;
 * declare const fraudCheck: lambda.IFunction;
 * new ShardConsumer(this, 'FraudDetector', { source: ingest, handler: fraudCheck });
 */
export class ShardConsumer extends Construct {
  /** The function invoked with each batch. */
  public readonly handler: lambda.IFunction;
  /** The event source mapping reading the stream or topic. */
  public readonly eventSourceMapping: lambda.IEventSourceMapping;
  /** This consumer's name among the source's readers (its stream consumer's name; on a Kafka topic, its consumer group id). */
  public readonly readerName: string;
  /** The source read. */
  public readonly source: IStreamSource;
  /**
   * The enhanced fan-out consumer read through.
   * @default - none: the consumer polls
   */
  public readonly streamConsumer?: kinesis.IStreamConsumer;
  /**
   * The bucket Lambda writes each batch it gives up on to, records included, under
   * `aws/lambda/<event source mapping UUID>/<shard id>/YYYY/MM/DD/`: the one created,
   * or `failureBucket`.
   * @default - none: `onFailure` or `failureQueue` was given
   */
  public readonly failureBucket?: s3.IBucket;
  /**
   * The queue given as `failureQueue`, which receives the shard and sequence numbers of
   * each batch given up on.
   * @default - none: the consumer records failures in `failureBucket` or `onFailure`
   */
  public readonly failureQueue?: sqs.IQueue;
  /** The most records handed to the function in one invocation. */
  public readonly batchSize: number;
  /** How long Lambda gathers records before invoking with fewer than `batchSize`. */
  public readonly maxBatchingWindow: Duration;
  /** Batches of one shard Lambda processes at once (1 for a Kafka topic). */
  public readonly parallelizationFactor: number;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: ConsumerMetrics;

  constructor(scope: Construct, id: string, props: ShardConsumerProps) {
    super(scope, id);
    const { source, handler } = props;
    this.source = source;
    this.handler = handler;
    const settings = withPath(this, () => resolveMappingSettings(props, source.retention));
    this.batchSize = settings.batchSize;
    this.maxBatchingWindow = settings.maxBatchingWindow;
    this.parallelizationFactor = settings.parallelizationFactor;
    if (!handler.role) {
      // Lambda checks the role's permissions when it creates the mapping: it must be grantable.
      fail(this, '`handler` has no role to grant reading to (imported with `Function.fromFunctionArn()`): import it '
        + 'with `Function.fromFunctionAttributes({ functionArn, role })`, giving its execution role');
    }
    this.readerName = props.readerName ?? defaultReaderName(this);

    const binding = source.bindReader(this, {
      readerName: this.readerName,
      readMode: props.enhancedFanOut ? StreamReadMode.ENHANCED_FAN_OUT : StreamReadMode.POLLING,
      latencyObjective: settings.latencyObjective,
      lagBackstop: settings.iteratorAgeThreshold,
      maxRecordAge: settings.maxRecordAge,
    });
    const lambdaSource = binding.lambdaSource();
    withPath(this, () => checkSupportedSettings(props, lambdaSource.unsupportedSettings, source.sourceName));
    this.claimHandler(handler, binding.resource);
    this.streamConsumer = binding.streamConsumer;
    const readGrant = binding.grantRead(handler, { includeSchema: props.readsSchema ?? false });
    const terms = recordTermsOf(lambdaSource);

    const destination = withPath(this, () => resolveFailureDestination(props,
      () => createFailureBucket(this, 'FailureBucket', {
        encryptionKey: props.failureEncryptionKey,
        accessLogsBucket: props.accessLogsBucket,
        accessLogsPrefix: 'shard-consumer-failures-access-logs/',
        writers: 'Lambda (s3:PutObject under aws/lambda/, for the consumer\'s event source mapping)',
      })));
    this.failureBucket = destination.bucket;
    this.failureQueue = destination.queue;
    // Lambda must reach the destination from where it polls the source (for Kafka, the cluster's VPC).
    const destinationRoute = destination.service ? binding.reachService(destination.service) : undefined;
    const mapping = new lambda.EventSourceMapping(this, 'Resource', {
      target: handler,
      eventSourceArn: lambdaSource.eventSourceArn,
      kafkaTopic: lambdaSource.kafkaTopic,
      kafkaConsumerGroupId: lambdaSource.kafkaConsumerGroupId,
      provisionedPollerConfig: lambdaSource.provisionedPollers,
      ...mappingProps(settings, lambdaSource.unsupportedSettings),
      onFailure: destination.onFailure,
      supportS3OnFailureDestination: true,
      // OnFailureDestinationDeliveredEventCount, which the given-up records alarm watches.
      metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
    });
    // Lambda checks its permissions when the mapping is created: the policy must exist first.
    readGrant.applyBefore(mapping);
    this.addMappingStatements(handler, lambdaSource, mapping);
    for (const prerequisite of [...lambdaSource.prerequisites ?? [], ...destinationRoute ? [destinationRoute] : []]) {
      mapping.node.addDependency(prerequisite);
    }
    this.eventSourceMapping = mapping;

    warnAboutSettings(this, settings, terms);
    warnAboutReplay(this, source, settings, destination, terms);
    // Whether the stream is used as a task queue depends on readers bound after this one.
    Aspects.of(this).add({ visit: node => node === this && warnIfTaskQueue(this, source, settings) });

    this.metrics = new ConsumerMetrics(handler, mapping, binding, lambdaSource, this.failureQueue);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createConsumerAlarms(this.alarmFactory, {
        label: `Stream consumer ${this.node.path} (reader ${this.readerName} of ${source.sourceName})`,
        metrics: this.metrics,
        iteratorAgeThreshold: settings.iteratorAgeThreshold,
        maxRecordAge: settings.maxRecordAge,
        latencyObjective: settings.latencyObjective,
        failureLocation: destination.describeLocation(mapping.eventSourceMappingId, replayWindow(source, settings).toHumanString(), terms),
        lambdaReportsRecordAge: lambdaSource.lambdaReportsRecordAge,
        lambdaReportsOffsetLag: lambdaSource.lambdaReportsOffsetLag,
        terms,
      });
    }
  }

  /** The consumer's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * How old the last record of each batch was when Lambda read it, in milliseconds
   * (Lambda `IteratorAge`). Maximum over 1 minute by default. Lambda publishes it for
   * Kinesis mappings, not for Kafka ones: see `metricOffsetLag()` and `metricMillisBehindLatest()`.
   */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.iteratorAge(props);
  }

  /**
   * Records between the end of the topic and the consumer group's position (Lambda
   * `OffsetLag`, by `FunctionName`), published for mappings that read Kafka. Counts
   * records, not time. Maximum over 1 minute by default.
   * @returns undefined when Lambda publishes no `OffsetLag` for the source (Kinesis: see `metricIteratorAge()`)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#performance-metrics
   */
  public metricOffsetLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.offsetLag(props);
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
   * How far this reader is behind the source's newest record, in milliseconds, as the
   * source measures it: for an enhanced fan-out consumer, `SubscribeToShardEvent.MillisBehindLatest`
   * (by stream and consumer name); on a Kafka topic, MSK's `EstimatedMaxTimeLag` of the
   * consumer's group × 1,000. Maximum over 1 minute by default.
   * @returns undefined when the consumer polls a Kinesis stream (see `metricIteratorAge()`)
   */
  public metricMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.IMetric | undefined {
    return this.metrics.readerLag(props);
  }

  /**
   * Records Lambda gave up on and delivered to the failure destination (Lambda
   * `OnFailureDestinationDeliveredEventCount`, an event source mapping metric, by
   * `EventSourceMappingUUID`; the mapping is configured to publish it). Sum over 1 minute by default.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#event-source-mapping-metrics
   */
  public metricGivenUpRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.givenUpRecords(props);
  }

  /**
   * Messages waiting in the `failureQueue` (SQS `ApproximateNumberOfMessagesVisible`).
   * Maximum over 5 minutes by default.
   * @returns undefined without a `failureQueue`
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

  /**
   * Permits the grantee to read the batches given up on in `failureBucket` (objects under
   * `aws/lambda/`, and decrypting them with the bucket's key), to inspect and replay them.
   */
  public grantReadFailures(grantee: iam.IGrantable): iam.Grant {
    if (!this.failureBucket) {
      fail(this, '`grantReadFailures()` needs a failure bucket, but `onFailure` or `failureQueue` was given: grant access on your destination');
    }
    return this.failureBucket.grantRead(grantee, `${FAILURE_OBJECTS_PREFIX}*`);
  }

  /**
   * Permits the grantee to consume (read and delete) the messages of `failureQueue`, to
   * reprocess the records they point to.
   */
  public grantConsumeFailures(grantee: iam.IGrantable): iam.Grant {
    if (!this.failureQueue) {
      fail(this, '`grantConsumeFailures()` needs a `failureQueue`, got none: use `grantReadFailures()` for the failure bucket, '
        + 'or grant access on your `onFailure` destination');
    }
    return this.failureQueue.grantConsumeMessages(grantee);
  }

  /**
   * What the source says the role needs for Lambda to create and run the mapping, added
   * before the mapping like the read grant. Statements on `*` (actions IAM cannot scope
   * to a resource) are acknowledged for cdk-nag AwsSolutions-IAM5 with their actions.
   */
  private addMappingStatements(handler: lambda.IFunction, lambdaSource: LambdaSourceConfiguration, mapping: lambda.EventSourceMapping): void {
    const role = handler.role!;
    const unscoped: string[] = [];
    for (const statement of lambdaSource.mappingStatements) {
      const added = role.addToPrincipalPolicy(statement);
      if (added.policyDependable) {
        mapping.node.addDependency(added.policyDependable);
      }
      if (statement.resources.includes('*')) {
        unscoped.push(...statement.actions);
      }
    }
    if (unscoped.length > 0) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Lambda needs ${unscoped.join(', ')} to create and run the event source mapping on ${this.source.sourceName} `
          + '(its pollers\' network interfaces in the source\'s VPC); these actions take no resource narrower than \'*\'.',
      });
    }
  }

  /**
   * Lambda refuses a second event source mapping of one function on one stream (or
   * consumer) at deploy: refused here, where the construct path says which one.
   */
  private claimHandler(handler: lambda.IFunction, resource: IConstruct): void {
    const claimId = `ShardConsumerOf${Names.nodeUniqueId(resource.node)}`;
    const claim = handler.node.tryFindChild(claimId);
    if (claim) {
      fail(this, `\`handler\` ${handler.node.path} already reads ${this.source.sourceName} through ${(claim as HandlerClaim).consumerPath}: `
        + 'Lambda allows one mapping per function and stream (or stream consumer); give this consumer its own function');
    }
    new HandlerClaim(handler, claimId, this.node.path);
  }
}

/** The mapping's settings, less those Lambda refuses for the source (`unsupportedSettings`). */
function mappingProps(s: MappingSettings, unsupported: string[]): Omit<lambda.EventSourceMappingProps, 'target'> {
  const supported = (setting: keyof MappingSettings) => !unsupported.includes(setting);
  return {
    startingPosition: s.startingPosition,
    startingPositionTimestamp: s.startingPositionTimestamp,
    batchSize: s.batchSize,
    maxBatchingWindow: s.maxBatchingWindow,
    retryAttempts: s.retryAttempts,
    maxRecordAge: s.maxRecordAge,
    bisectBatchOnError: s.bisectBatchOnError,
    reportBatchItemFailures: s.reportBatchItemFailures,
    parallelizationFactor: supported('parallelizationFactor') ? s.parallelizationFactor : undefined,
    tumblingWindow: supported('tumblingWindow') ? s.tumblingWindow : undefined,
    filters: s.filters,
  };
}

/** Marks a function as read by a consumer of one stream (no resources). */
class HandlerClaim extends Construct {
  constructor(handler: lambda.IFunction, id: string, public readonly consumerPath: string) {
    super(handler, id);
  }
}

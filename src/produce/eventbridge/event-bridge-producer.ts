import { Annotations, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createEventBridgeAlarms, EventBridgeRuleMetrics } from './event-bridge-metrics';
import { EventBridgeProducerProps } from './event-bridge-producer-props';
import { eventBridgeSettings } from './event-bridge-settings';
import { KinesisRuleTarget } from './kinesis-rule-target';
import { withPath } from '../../common/input-error';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { acknowledgeWriteGrant } from '../nag-acknowledgements';
import { bindProducer } from '../producer-binding';

const WARNING_PREFIX = 'cdk-streaming-pipelines:EventBridgeProducer:';
/** SQS keeps a message at most 14 days: the longest time to replay a dead letter. */
const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * An EventBridge rule that puts matching events on a source, keyed by a field of the event
 * (or, by default, the event id, which spreads evenly), with a retry policy and a
 * dead-letter queue for the events it gives up on.
 *
 * The target's partition key is a JSON path into each event (`PartitionKeyPath`):
 * `PartitionKey.field('detail.customerId')` becomes `$.detail.customerId`, keeping each
 * customer's events in order on one shard. A constant is refused. EventBridge retries
 * an event for up to 24 hours and 185 times by default, then sends it to the dead-letter
 * queue (a new encrypted queue keeping it 14 days, or yours). Alarms fire when events fail,
 * when they wait in the dead-letter queue, and when even the queue refused them (they are
 * lost).
 *
 * The producer counts as a writer of the source: its `recordsPerSecond` is part of the
 * source's plan, and its key is checked against it. Its role, assumed by EventBridge, may
 * put records on the stream (and use its key) and nothing else.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * new EventBridgeProducer(this, 'Orders', {
 *   source: ingest,
 *   eventPattern: { source: ['shop.orders'] },
 *   partitionKey: PartitionKey.field('detail.customerId', { distinctValues: 50_000 }),
 *   recordsPerSecond: 500,
 * });
 */
export class EventBridgeProducer extends Construct {
  /** The rule. */
  public readonly rule: events.IRule;
  /** The role EventBridge puts records with: `kinesis:PutRecord` and `kinesis:PutRecords` on the stream (and its key), nothing else. */
  public readonly role: iam.IRole;
  /** The queue of the events EventBridge gave up on, each with the error in its message attributes. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The target's `PartitionKeyPath`, e.g. `$.detail.customerId` or `$.id`. */
  public readonly partitionKeyPath: string;
  /** The rule's alarms (empty with `createAlarms: false`). */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly metrics: EventBridgeRuleMetrics;

  constructor(scope: Construct, id: string, props: EventBridgeProducerProps) {
    super(scope, id);
    const settings = withPath(this, () => eventBridgeSettings(props));
    const binding = bindProducer(this, props, settings.partitionKey, 'EventBridgeProducer');
    this.partitionKeyPath = settings.partitionKeyPath;
    const target = binding.eventBridgeTarget(settings.partitionKeyPath);

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `EventBridge rule ${this.node.path}: putting events on the stream`,
    });
    this.role = role;
    const writeGrant = binding.grantWrite(role);
    acknowledgeWriteGrant(role, writeGrant);
    this.deadLetterQueue = props.deadLetterQueue ?? this.newDeadLetterQueue();

    const rule = new events.Rule(this, 'Resource', {
      eventPattern: props.eventPattern,
      eventBus: props.eventBus,
      ruleName: props.ruleName,
      description: props.description,
      targets: [new KinesisRuleTarget({
        target,
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: settings.retryAttempts,
        maxEventAgeSeconds: settings.maxEventAgeSeconds,
        onQueueNotWritable: what => this.warnQueueNotWritable(what),
      })],
    });
    this.rule = rule;
    // EventBridge assumes the role for the first event: its policy comes first.
    writeGrant.applyBefore(rule);

    this.metrics = new EventBridgeRuleMetrics(rule.ruleName, customBusName(props.eventBus));
    const alarms = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createEventBridgeAlarms({
        alarms,
        metrics: this.metrics,
        deadLetterQueue: this.deadLetterQueue,
        label: `EventBridge rule ${this.node.path}`,
        retries: `${settings.retryAttempts} retries over at most ${Duration.seconds(settings.maxEventAgeSeconds).toHumanString()}`,
      });
    }
    this.alarms = alarms.alarms;
  }

  /** Invocations that failed permanently, after retries (`FailedInvocations`). Sum over 1 minute by default. */
  public metricFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.failedInvocations(props);
  }

  /** Invocations sent to the dead-letter queue (`InvocationsSentToDlq`). Sum over 1 minute by default. */
  public metricInvocationsSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.invocationsSentToDlq(props);
  }

  /**
   * Invocations that could not be sent to the dead-letter queue (`InvocationsFailedToBeSentToDlq`):
   * events lost. Sum over 1 minute by default.
   */
  public metricInvocationsFailedToBeSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.invocationsFailedToBeSentToDlq(props);
  }

  /**
   * A queue for events given up on: SQS-managed encryption (which EventBridge may use
   * without a key policy), TLS only, 14 days' retention, kept when the stack is deleted.
   */
  private newDeadLetterQueue(): sqs.Queue {
    const queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of an EventBridge rule: nothing reads it automatically, so no message can fail '
        + 'to be processed from it; people replay its messages, and its alarm says when it holds any.',
    });
    return queue;
  }

  private warnQueueNotWritable(what: string): void {
    Annotations.of(this).addWarningV2(`${WARNING_PREFIX}deadLetterQueueNotWritable`, `${what} is imported, so this producer cannot `
      + 'let EventBridge use it: allow events.amazonaws.com sqs:SendMessage on the queue with the condition aws:SourceArn = the rule\'s '
      + 'ARN (and kms:GenerateDataKey and kms:Decrypt on its key, if it has one), or events EventBridge gives up on are lost. '
      + 'Acknowledge this warning once it is done.');
  }
}

/** The bus's name if it is a custom bus, whose rule metrics carry `EventBusName`; undefined for the default bus. */
function customBusName(bus: events.IEventBus | undefined): string | undefined {
  if (bus === undefined) {
    return undefined;
  }
  return !Token.isUnresolved(bus.eventBusName) && bus.eventBusName === 'default' ? undefined : bus.eventBusName;
}

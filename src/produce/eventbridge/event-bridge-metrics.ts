import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlarmFactory } from '../../monitoring/alarm-factory';

const NAMESPACE = 'AWS/Events';
const PERIOD = Duration.minutes(1);
/** SQS sends queue metrics every few minutes: a 5-minute maximum never misses one. */
const QUEUE_PERIOD = Duration.minutes(5);

/**
 * The CloudWatch metrics of one rule, in the `AWS/Events` namespace. A rule on the
 * default bus publishes them with the `RuleName` dimension only; on a custom bus, with
 * `EventBusName` and `RuleName`.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
export class EventBridgeRuleMetrics {
  private readonly dimensions: Record<string, string>;

  /**
   * @param ruleName the rule's name
   * @param eventBusName the custom bus's name, undefined for the default bus
   */
  constructor(ruleName: string, eventBusName: string | undefined) {
    this.dimensions = eventBusName === undefined ? { RuleName: ruleName } : { EventBusName: eventBusName, RuleName: ruleName };
  }

  /** Invocations that failed permanently, after retries. Sum over 1 minute by default. */
  public failedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FailedInvocations', props);
  }

  /** Invocations sent to the dead-letter queue. Sum over 1 minute by default. */
  public invocationsSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationsSentToDlq', props);
  }

  /** Invocations that could not be sent to the dead-letter queue: events lost. Sum over 1 minute by default. */
  public invocationsFailedToBeSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationsFailedToBeSentToDlq', props);
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: this.dimensions,
      statistic: cloudwatch.Stats.SUM,
      period: PERIOD,
      ...props,
    });
  }
}

/** What the rule's alarms say about it. */
export interface EventBridgeAlarmInputs {
  readonly alarms: AlarmFactory;
  readonly metrics: EventBridgeRuleMetrics;
  readonly deadLetterQueue: sqs.IQueue;
  /** The producer in an alarm's words, e.g. 'EventBridge rule Stack/Orders'. */
  readonly label: string;
  /** How long EventBridge retries, in words, for the descriptions. */
  readonly retries: string;
}

/**
 * Alarms on events the rule did not put on the source: given up on after retries
 * (`FailedInvocationsAlarm`), lost because the dead-letter queue refused them too
 * (`DeadLetterFailuresAlarm`), and waiting in the dead-letter queue
 * (`DeadLetterQueueAlarm`, which stays in alarm until the queue is emptied). Missing data
 * (no failures, so no data point) is not breaching.
 */
export function createEventBridgeAlarms(inputs: EventBridgeAlarmInputs): void {
  const anyInAPeriod = {
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  const queue = inputs.deadLetterQueue;
  inputs.alarms.create({
    id: 'FailedInvocationsAlarm',
    metric: inputs.metrics.failedInvocations(),
    ...anyInAPeriod,
    description: `${inputs.label}: EventBridge gave up putting events on the stream (${inputs.retries}, or an error it does not retry, `
      + 'such as a denied role or an empty partition key). They go to the dead-letter queue: see DeadLetterQueueAlarm.',
  });
  inputs.alarms.create({
    id: 'DeadLetterFailuresAlarm',
    metric: inputs.metrics.invocationsFailedToBeSentToDlq(),
    ...anyInAPeriod,
    description: `${inputs.label}: events EventBridge could not put on the stream could not be sent to the dead-letter queue either, `
      + `and are LOST. Check that the queue ${queue.queueName} exists, that its policy lets events.amazonaws.com send from this rule `
      + 'and that its KMS key (if any) lets EventBridge use it; the event sources must resend what was lost.',
  });
  inputs.alarms.create({
    id: 'DeadLetterQueueAlarm',
    metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: cloudwatch.Stats.MAXIMUM, period: QUEUE_PERIOD }),
    ...anyInAPeriod,
    description: `${inputs.label}: events wait in the dead-letter queue ${queue.queueName}, each message the event with the error in `
      + 'its attributes. Fix the cause (the stream, the role, the key\'s field), put them on the stream again and delete them from '
      + 'the queue before its retention ends; the alarm clears when the queue is empty.',
  });
}

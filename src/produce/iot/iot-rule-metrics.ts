import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory } from '../../monitoring/alarm-factory';

const NAMESPACE = 'AWS/IoT';
const PERIOD = Duration.minutes(1);

/**
 * The CloudWatch metrics of one topic rule, in the `AWS/IoT` namespace.
 *
 * Rule metrics (`TopicMatch`, `RuleMessageThrottled`) carry the `RuleName` dimension.
 * Rule action metrics (`Success`, `Failure`, `ErrorActionSuccess`, `ErrorActionFailure`)
 * carry `RuleName` and `ActionType`, whose value for each kind of action AWS does not
 * document: they are summed over every series of the rule with a Metrics Insights query,
 * so that a guessed `ActionType` can never leave an alarm blind. A series counted twice
 * (were one published under two dimension sets) does not matter to an alarm on "more than 0".
 *
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/metrics_dimensions.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/query_with_cloudwatch-metrics-insights.html
 */
export class IotRuleMetrics {
  constructor(private readonly ruleName: string) {}

  /** Messages published on a topic the rule listens to. Sum over 1 minute by default. */
  public topicMatch(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ruleMetric('TopicMatch', props);
  }

  /** Messages the rules engine throttled for this rule. Sum over 1 minute by default. */
  public ruleMessageThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ruleMetric('RuleMessageThrottled', props);
  }

  /** Failed invocations of the rule's actions, every action type summed. Sum over 1 minute by default. */
  public actionFailures(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.actionMetric('Failure', 'Failed rule actions', props);
  }

  /** Failed invocations of the rule's error action. Sum over 1 minute by default. */
  public errorActionFailures(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.actionMetric('ErrorActionFailure', 'Failed error actions', props);
  }

  private ruleMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      dimensionsMap: { RuleName: this.ruleName },
      statistic: cloudwatch.Stats.SUM,
      period: PERIOD,
      ...props,
    });
  }

  private actionMetric(metricName: string, label: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `SELECT SUM(${metricName}) FROM "${NAMESPACE}" WHERE RuleName = '${this.ruleName}'`,
      period: PERIOD,
      label,
      ...props,
    });
  }
}

/** What the rule's alarms say about it. */
export interface IotRuleAlarmInputs {
  readonly alarms: AlarmFactory;
  readonly metrics: IotRuleMetrics;
  /** The producer in an alarm's words, e.g. 'IoT rule Stack/Telemetry'. */
  readonly label: string;
  /** Where failed messages are kept, from the error destination. */
  readonly location: string;
}

/**
 * Alarms on messages the rule did not put on the source: kept by the error action
 * (`ActionFailureAlarm`), lost because the error action failed too
 * (`ErrorActionFailureAlarm`), or never evaluated because the rules engine throttled them
 * (`RuleThrottledAlarm`). Each fires on one failed message in a minute; missing data (no
 * failures, so no data point) is not breaching.
 */
export function createIotRuleAlarms(inputs: IotRuleAlarmInputs): void {
  const anyInAMinute = {
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  inputs.alarms.create({
    id: 'ActionFailureAlarm',
    metric: inputs.metrics.actionFailures(),
    ...anyInAMinute,
    description: `${inputs.label}: AWS IoT could not put messages on the stream (refused, throttled, or with an empty partition key `
      + `because a message lacked the key's field), and the error action kept them. ${inputs.location} Find the cause in each `
      + 'document\'s failures, fix it, then put the messages on the stream again.',
  });
  inputs.alarms.create({
    id: 'ErrorActionFailureAlarm',
    metric: inputs.metrics.errorActionFailures(),
    ...anyInAMinute,
    description: `${inputs.label}: the error action failed too, so messages the rule could not put on the stream are LOST. Check that `
      + 'the error action role may still write to its bucket or queue (and use its KMS key), and that it exists; the devices must '
      + 'resend what was lost.',
  });
  inputs.alarms.create({
    id: 'RuleThrottledAlarm',
    metric: inputs.metrics.ruleMessageThrottled(),
    ...anyInAMinute,
    description: `${inputs.label}: the AWS IoT rules engine throttled messages of this rule (above the account's rule quota): they `
      + 'reached neither the stream nor the error action. Ask for a higher AWS IoT rules quota or slow the devices down.',
  });
}

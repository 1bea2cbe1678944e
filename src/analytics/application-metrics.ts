import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Managed Flink's namespace in CloudWatch. */
export const FLINK_NAMESPACE = 'AWS/KinesisAnalytics';
/** Managed Flink publishes its metrics every minute. */
const PER_MINUTE = Duration.minutes(1);

/**
 * The Managed Flink metrics of one application, by its `Application` dimension, as the
 * Developer Guide names them. Every metric here is published at the APPLICATION metrics
 * level, the one the library configures.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html
 */
export class ApplicationMetrics {
  constructor(private readonly applicationName: string) {}

  /** Any metric of the application, by `Application`; Maximum over 1 minute unless told otherwise. */
  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: FLINK_NAMESPACE,
      metricName,
      dimensionsMap: { Application: this.applicationName },
      statistic: 'Maximum',
      period: PER_MINUTE,
      ...props,
    });
  }

  /**
   * The largest value of `metricName` the application publishes under any dimensions,
   * through a CloudWatch Metrics Insights query. The source connectors' metrics
   * (`millisBehindLatest`, `records_lag_max`) carry more dimensions than `Application`
   * (the Guide gives their levels, not their dimension names), so an alarm on
   * `Application` alone could watch a series that never exists; the query covers them all.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-alarms.html
   */
  public maxOverAllDimensions(metricName: string, props: cloudwatch.MathExpressionOptions = {}): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `SELECT MAX(${metricName}) FROM "${FLINK_NAMESPACE}" WHERE Application = '${this.applicationName}'`,
      usingMetrics: {},
      label: metricName,
      period: PER_MINUTE,
      ...props,
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AggregateMetrics } from './aggregate/aggregate-config';

/** The handler publishes its counts once per invocation: 5-minute sums smooth the windows' rhythm. */
const HANDLER_PERIOD = Duration.minutes(5);
/** DynamoDB publishes throttle events per minute. */
const PER_MINUTE = Duration.minutes(1);

/**
 * The metrics of an aggregate beyond its consumer's, with the statistic each is read
 * with, defined once for `AggregateToTable`'s `metricXxx()` methods and its alarms. The
 * handler's own metrics are dimensioned by `FunctionName`, the table's by `TableName`.
 */
export class AggregateSinkMetrics {
  constructor(private readonly fn: lambda.IFunction, private readonly table: dynamodb.ITable) {}

  /** Records set aside in the failure store: Sum per 5 minutes. */
  public failedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(AggregateMetrics.FAILED_RECORDS, props);
  }

  /** Per-key contributions DynamoDB refused to store, set aside: Sum per 5 minutes. */
  public unstorableAggregates(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(AggregateMetrics.UNSTORABLE_AGGREGATES, props);
  }

  /**
   * Read and write throttle events of the table: Sum per minute of each, added. A minute
   * with events of one kind only still counts (the other is filled with 0).
   */
  public tableThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const options = { statistic: 'Sum', period: PER_MINUTE, ...props };
    return new cloudwatch.MathExpression({
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: this.table.metric('ReadThrottleEvents', options),
        writes: this.table.metric('WriteThrottleEvents', options),
      },
      label: props?.label ?? 'Throttle events (read + write)',
      period: options.period,
      color: props?.color,
    });
  }

  /** Keys of a flush found already merged into their items (a flush applied again): Sum per 5 minutes. */
  public alreadyMergedKeys(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handlerMetric(AggregateMetrics.ALREADY_MERGED, props);
  }

  private handlerMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: AggregateMetrics.NAMESPACE,
      metricName,
      dimensionsMap: { [AggregateMetrics.DIMENSION]: this.fn.functionName },
      statistic: 'Sum',
      period: HANDLER_PERIOD,
      ...props,
    });
  }
}

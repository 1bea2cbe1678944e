import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';

/** Five minutes: Firehose publishes per minute, but deliveries happen per buffer. */
const PERIOD = Duration.minutes(5);

/**
 * The metrics of a lake's delivery stream with the statistic each is read with, for
 * `ArchiveToLake`'s `metricXxx()` methods and its alarms. All are dimensioned by
 * `DeliveryStreamName` (through the delivery stream's own `metric()`).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export class ArchiveMetrics {
  constructor(private readonly deliveryStream: firehose.IDeliveryStream) {}

  /** Age of the oldest record not yet delivered to S3, in seconds: Maximum per 5 minutes. */
  public dataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.DataFreshness', 'Maximum', props);
  }

  /** Share of S3 puts that succeeded (1 = all): Minimum per 5 minutes. */
  public deliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Success', 'Minimum', props);
  }

  /** Records that failed Parquet conversion: Sum per 5 minutes. */
  public failedConversionRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FailedConversion.Records', 'Sum', props);
  }

  /** 1 when dynamic partitioning exceeded the active partition quota: Maximum per 5 minutes. */
  public partitionCountExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PartitionCountExceeded', 'Maximum', props);
  }

  /** Records refused because producers exceeded the delivery stream's quota: Sum per 5 minutes. */
  public throttledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledRecords', 'Sum', props);
  }

  /** How far behind the source stream's newest record Firehose reads, in ms: Maximum per 5 minutes. */
  public kinesisMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('KinesisMillisBehindLatest', 'Maximum', props);
  }

  private metric(name: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric(name, { statistic, period: PERIOD, ...props });
  }
}

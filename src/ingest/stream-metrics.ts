import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';

/** One minute: the finest period Kinesis stream metrics are published at. */
export const METRIC_PERIOD = Duration.minutes(1);

/**
 * The metrics of a Kinesis stream with the statistic each one is read with, defined
 * once for the construct's `metricXxx()` methods and its alarms. Every metric is
 * dimensioned by `StreamName` (through the stream's own metric methods).
 */
export class StreamMetrics {
  constructor(private readonly stream: kinesis.IStream) {}

  /** Bytes written: Sum per minute. */
  public incomingBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricIncomingBytes(perMinute('Sum', props));
  }

  /** Records written: Sum per minute. */
  public incomingRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricIncomingRecords(perMinute('Sum', props));
  }

  /** Fraction of write requests throttled: Average per minute of the 0/1 metric. */
  public writeThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricWriteProvisionedThroughputExceeded(perMinute('Average', props));
  }

  /** Records rejected by throttling in PutRecords calls: Sum per minute. */
  public putRecordsThrottledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricPutRecordsThrottledRecords(perMinute('Sum', props));
  }

  /** Fraction of GetRecords calls throttled: Average per minute of the 0/1 metric. */
  public readThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricReadProvisionedThroughputExceeded(perMinute('Average', props));
  }

  /** Age of the oldest unread record in milliseconds: Maximum per minute. */
  public iteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricGetRecordsIteratorAgeMilliseconds(perMinute('Maximum', props));
  }
}

function perMinute(statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.MetricOptions {
  return { statistic, period: METRIC_PERIOD, ...props };
}

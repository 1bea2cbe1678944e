import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { IConstruct } from 'constructs';
import { DestinationKind } from './destination-kind';

/** Five minutes: Firehose publishes per minute, but deliveries happen per buffer. */
const PERIOD = Duration.minutes(5);

/**
 * How Firehose prefixes the delivery metrics of each destination kind.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export const DELIVERY_METRIC_PREFIXES: Readonly<Record<DestinationKind, string>> = {
  [DestinationKind.S3]: 'DeliveryToS3',
  [DestinationKind.OPENSEARCH]: 'DeliveryToAmazonOpenSearchService',
  [DestinationKind.OPENSEARCH_SERVERLESS]: 'DeliveryToAmazonOpenSearchServerless',
  [DestinationKind.REDSHIFT]: 'DeliveryToRedshift',
};

/**
 * The metrics of one delivery stream with the statistic each is read with, for a sink's
 * `metricXxx()` methods and its alarms. All are in `AWS/Firehose`, dimensioned by
 * `DeliveryStreamName` (an alarm dimensioned by the ARN never fires), per 5 minutes.
 * Delivery metrics are named for the destination kind (`DeliveryToS3.Success`,
 * `DeliveryToRedshift.Success`, …), so a sink never spells them itself.
 *
 * Works for the L2 `DeliveryStream` and for an L1 `CfnDeliveryStream` (OpenSearch and
 * Redshift, which the L2 does not deliver to).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export class DeliveryStreamMetrics {
  /** The metrics of an L2 delivery stream (through its own `metric()`). */
  public static of(deliveryStream: firehose.IDeliveryStream, destination: DestinationKind): DeliveryStreamMetrics {
    return new DeliveryStreamMetrics(deliveryStream, deliveryStream.deliveryStreamName, destination);
  }

  /** The metrics of an L1 delivery stream, whose `ref` is its name. */
  public static ofCfn(deliveryStream: firehose.CfnDeliveryStream, destination: DestinationKind): DeliveryStreamMetrics {
    return new DeliveryStreamMetrics(deliveryStream, deliveryStream.ref, destination);
  }

  /** `DeliveryToS3`, `DeliveryToAmazonOpenSearchService`, …: the prefix of the delivery metrics. */
  public readonly deliveryPrefix: string;

  private constructor(
    private readonly scope: IConstruct,
    private readonly deliveryStreamName: string,
    public readonly destination: DestinationKind,
  ) {
    this.deliveryPrefix = DELIVERY_METRIC_PREFIXES[destination];
  }

  /**
   * Age of the oldest record not yet delivered to the destination, in seconds
   * (`<prefix>.DataFreshness`): Maximum per 5 minutes. For Redshift it is
   * `DeliveryToRedshift.DataFreshness`, end to end: a record older than it is loaded into
   * the table (through the intermediate bucket and `COPY`), so it covers both stages.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public dataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.deliveryPrefix}.DataFreshness`, 'Maximum', props);
  }

  /**
   * Share of deliveries to the destination that succeeded, 1 = all (`<prefix>.Success`:
   * S3 puts, indexed documents, COPY commands): Minimum per 5 minutes.
   */
  public deliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.deliveryPrefix}.Success`, 'Minimum', props);
  }

  /** Records delivered to the destination (`<prefix>.Records`): Sum per 5 minutes. */
  public deliveryRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.deliveryPrefix}.Records`, 'Sum', props);
  }

  /**
   * Share of S3 puts that succeeded (`DeliveryToS3.Success`): into the bucket itself for
   * an S3 destination, the backup bucket of OpenSearch, the intermediate bucket of
   * Redshift. Minimum per 5 minutes.
   */
  public s3DeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Success', 'Minimum', props);
  }

  /**
   * Share of writes to the backup bucket that succeeded (`BackupToS3.Success`), which Firehose
   * publishes for a Redshift destination when backup to S3 is enabled. Not
   * `s3DeliverySuccess()`: for Redshift that is the intermediate bucket `COPY` loads from.
   * Minimum per 5 minutes.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public backupToS3Success(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BackupToS3.Success', 'Minimum', props);
  }

  /**
   * Records written to S3 (`DeliveryToS3.Records`). For an OpenSearch destination, Firehose
   * emits it only when the backup mode is `AllDocuments` (then every record): it does not
   * count failed documents. Sum per 5 minutes.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public s3DeliveryRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeliveryToS3.Records', 'Sum', props);
  }

  /**
   * Whether the destination refused a delivery (`<prefix>.DeliveryRejected`, OpenSearch
   * and OpenSearch Serverless: 1 when it did, 0 when not): the documents go to the backup
   * bucket once retries run out. Maximum per 5 minutes.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public deliveryRejected(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.deliveryPrefix}.DeliveryRejected`, 'Maximum', props);
  }

  /**
   * Whether the destination refused the delivery role (`<prefix>.AuthFailure`, OpenSearch
   * and OpenSearch Serverless: 1 on an authentication or authorization error): a missing
   * permission, or with fine-grained access control, a role not mapped. Maximum per 5 minutes.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public authFailure(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(`${this.deliveryPrefix}.AuthFailure`, 'Maximum', props);
  }

  /** Records refused because producers exceeded the delivery stream's quota (direct PUT): Sum per 5 minutes. */
  public throttledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledRecords', 'Sum', props);
  }

  /**
   * How far behind the source stream's newest record Firehose reads, in ms
   * (`KinesisMillisBehindLatest`, a Kinesis source only): Maximum per 5 minutes.
   */
  public kinesisMillisBehindLatest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('KinesisMillisBehindLatest', 'Maximum', props);
  }

  /**
   * How far behind its source Firehose reads, as `metricName` (the source's read-lag
   * metric, `KinesisMillisBehindLatest`): Maximum per 5 minutes; undefined when the
   * source has none (a Kafka topic) or there is no source.
   */
  public readLag(metricName: string | undefined, props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return metricName ? this.metric(metricName, 'Maximum', props) : undefined;
  }

  /** Records that failed record format conversion (`FailedConversion.Records`, S3): Sum per 5 minutes. */
  public failedConversionRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('FailedConversion.Records', 'Sum', props);
  }

  /** 1 when dynamic partitioning exceeded the active partition quota (`PartitionCountExceeded`, S3): Maximum per 5 minutes. */
  public partitionCountExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PartitionCountExceeded', 'Maximum', props);
  }

  /** Any other metric of the delivery stream, dimensioned and per 5 minutes, with `statistic`. */
  public metric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: this.deliveryStreamName },
      statistic,
      period: PERIOD,
      ...props,
    }).attachTo(this.scope);
  }
}

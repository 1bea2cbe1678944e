import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeliveryStreamMetrics } from '../../src/firehose/delivery-stream-metrics';
import { DestinationKind } from '../../src/firehose/destination-kind';
import { testStack } from '../app-fixture';
import { ref } from '../template-refs';

/** An L1 delivery stream, as the OpenSearch and Redshift sinks will build it. */
function cfnMetrics(kind: DestinationKind) {
  const stack = testStack();
  const deliveryStream = new firehose.CfnDeliveryStream(stack, 'Delivery', {});
  return { stack, deliveryStream, metrics: DeliveryStreamMetrics.ofCfn(deliveryStream, kind) };
}

type Read = (m: DeliveryStreamMetrics) => cloudwatch.Metric;

describe('delivery metrics are named for the destination kind', () => {
  test.each<[DestinationKind, string]>([
    [DestinationKind.S3, 'DeliveryToS3'],
    [DestinationKind.OPENSEARCH, 'DeliveryToAmazonOpenSearchService'],
    [DestinationKind.OPENSEARCH_SERVERLESS, 'DeliveryToAmazonOpenSearchServerless'],
    [DestinationKind.REDSHIFT, 'DeliveryToRedshift'],
  ])('%s: %s.DataFreshness, .Success and .Records', (kind, prefix) => {
    const { metrics } = cfnMetrics(kind);

    expect(metrics.deliveryPrefix).toBe(prefix);
    expect([metrics.dataFreshness(), metrics.deliverySuccess(), metrics.deliveryRecords()].map(m => [m.metricName, m.statistic]))
      .toEqual([[`${prefix}.DataFreshness`, 'Maximum'], [`${prefix}.Success`, 'Minimum'], [`${prefix}.Records`, 'Sum']]);
  });

  test.each<[string, Read, string, string]>([
    ['s3DeliverySuccess: the backup or intermediate bucket', m => m.s3DeliverySuccess(), 'DeliveryToS3.Success', 'Minimum'],
    ['backupToS3Success: the backup bucket of Redshift', m => m.backupToS3Success(), 'BackupToS3.Success', 'Minimum'],
    ['throttledRecords', m => m.throttledRecords(), 'ThrottledRecords', 'Sum'],
    ['kinesisMillisBehindLatest', m => m.kinesisMillisBehindLatest(), 'KinesisMillisBehindLatest', 'Maximum'],
    ['failedConversionRecords', m => m.failedConversionRecords(), 'FailedConversion.Records', 'Sum'],
    ['partitionCountExceeded', m => m.partitionCountExceeded(), 'PartitionCountExceeded', 'Maximum'],
  ])('%s: the same name for every destination kind', (_name, read, metricName, statistic) => {
    for (const kind of Object.values(DestinationKind)) {
      const m = read(cfnMetrics(kind).metrics);
      expect([m.metricName, m.statistic]).toEqual([metricName, statistic]);
    }
  });
});

describe('every metric is in AWS/Firehose, by DeliveryStreamName, per 5 minutes', () => {
  const reads: Array<[string, Read]> = [
    ['dataFreshness', m => m.dataFreshness()],
    ['deliverySuccess', m => m.deliverySuccess()],
    ['deliveryRecords', m => m.deliveryRecords()],
    ['s3DeliverySuccess', m => m.s3DeliverySuccess()],
    ['backupToS3Success', m => m.backupToS3Success()],
    ['throttledRecords', m => m.throttledRecords()],
    ['kinesisMillisBehindLatest', m => m.kinesisMillisBehindLatest()],
    ['failedConversionRecords', m => m.failedConversionRecords()],
    ['partitionCountExceeded', m => m.partitionCountExceeded()],
    ['metric', m => m.metric('IncomingBytes', 'Sum')],
  ];

  test.each(reads)('%s of an L1 delivery stream: its Ref is its name', (_name, read) => {
    const { stack, deliveryStream, metrics } = cfnMetrics(DestinationKind.OPENSEARCH);
    const m = read(metrics);

    expect(m.namespace).toBe('AWS/Firehose');
    expect(m.period.toSeconds()).toBe(300);
    expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: ref(deliveryStream) });
  });

  test.each(reads)('%s of an L2 delivery stream: as its own metric() gives it', (_name, read) => {
    const stack = testStack();
    const deliveryStream = new firehose.DeliveryStream(stack, 'Delivery', { destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Bucket')) });
    const m = read(DeliveryStreamMetrics.of(deliveryStream, DestinationKind.S3));
    const own = deliveryStream.metric(m.metricName, { statistic: m.statistic, period: Duration.minutes(5) });

    expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: ref(deliveryStream) });
    expect(stack.resolve(m.toMetricConfig())).toEqual(stack.resolve(own.toMetricConfig()));
  });

  test('options override the statistic and the period', () => {
    const m = cfnMetrics(DestinationKind.REDSHIFT).metrics.dataFreshness({ statistic: 'Average', period: Duration.minutes(1) });

    expect(m.metricName).toBe('DeliveryToRedshift.DataFreshness');
    expect(m.statistic).toBe('Average');
    expect(m.period.toMinutes()).toBe(1);
  });
});

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ArchiveMetrics } from './archive-metrics';
import { ReadLagSettings } from './read-lag';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** What the lake alarms are derived from. */
export interface ArchiveAlarmInputs {
  readonly label: string;
  readonly metrics: ArchiveMetrics;
  readonly freshnessThreshold: Duration;
  /** Alarm on failed conversions (Parquet). */
  readonly converts: boolean;
  /** Alarm on the partition quota (dynamic partitioning). */
  readonly partitions: boolean;
  /** Alarm on the read lag: the latency objective and the data-loss backstop (a Kinesis source). */
  readonly readLag?: ReadLagSettings;
  /** Alarm on throttled producers (direct PUT). */
  readonly directPut: boolean;
}

/**
 * The alarm set of a lake's delivery stream. Missing data is not breaching: a
 * delivery stream publishes nothing while no records arrive.
 */
export function createArchiveAlarms(alarms: AlarmFactory, inputs: ArchiveAlarmInputs): void {
  const { metrics, label } = inputs;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  const once = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: notBreaching };

  alarms.create({
    id: 'DataFreshnessAlarm',
    metric: metrics.dataFreshness(),
    threshold: inputs.freshnessThreshold.toSeconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: notBreaching,
    description: `${label}: the oldest record not yet in S3 stayed older than ${inputs.freshnessThreshold.toHumanString()} `
      + 'for 15 minutes (DeliveryToS3.DataFreshness). Deliveries are failing or throttled: check the delivery errors in the '
      + 'error prefix and the delivery stream\'s log group, and the bucket\'s policy and key.',
  });
  alarms.create({
    id: 'DeliverySuccessAlarm',
    metric: metrics.deliverySuccess(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: notBreaching,
    description: `${label}: S3 puts failed in 15 minutes in a row (DeliveryToS3.Success below 1). Firehose retries for `
      + '24 hours, then drops the records: fix the bucket\'s permissions or key now.',
  });
  if (inputs.converts) {
    alarms.create({
      id: 'FailedConversionAlarm',
      metric: metrics.failedConversionRecords(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...once,
      description: `${label}: records failed Parquet conversion (FailedConversion.Records) and went to the error prefix `
        + 'as JSON. The records do not match the table\'s schema: fix the producer or evolve the schema.',
    });
  }
  if (inputs.partitions) {
    alarms.create({
      id: 'PartitionCountExceededAlarm',
      metric: metrics.partitionCountExceeded(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...once,
      description: `${label}: dynamic partitioning exceeded the active partition quota (500 by default; PartitionCountExceeded), `
        + 'so records go to the error prefix. Partition by a field with fewer values, or ask AWS to raise the quota.',
    });
  }
  if (inputs.directPut) {
    alarms.create({
      id: 'ThrottledRecordsAlarm',
      metric: metrics.throttledRecords(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: notBreaching,
      description: `${label}: producers were throttled in 15 minutes in a row (ThrottledRecords): they sent more than the `
        + 'delivery stream\'s quota of records, requests or bytes per second. Make sure they retry, and ask AWS to raise the quota.',
    });
  }
  if (inputs.readLag) {
    const { latencyObjective, lagBackstop } = inputs.readLag;
    alarms.create({
      id: 'ReadLatencyAlarm',
      metric: metrics.kinesisMillisBehindLatest(),
      threshold: latencyObjective.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description: `${label}: Firehose stayed more than ${latencyObjective.toHumanString()} (its latency objective) behind the `
        + 'source stream for 15 minutes (KinesisMillisBehindLatest). It polls each shard every second, so it is being throttled: '
        + 'check read throttling on the stream (too many polling readers, or a hot shard) and delivery errors.',
    });
    alarms.create({
      id: 'ReadLagAlarm',
      metric: metrics.kinesisMillisBehindLatest(),
      threshold: lagBackstop.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description: `${label}: data-loss backstop. Firehose stayed more than ${lagBackstop.toHumanString()} behind the source `
        + 'stream for 15 minutes (KinesisMillisBehindLatest). Records expire from the stream at the end of its retention and '
        + 'are then lost to the lake: relieve read throttling on the stream (too many polling readers) and fix delivery errors now.',
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, createThrottledRecordsAlarm, DeliveryAlarmScope,
} from '../firehose/delivery-alarms';
import { ReadLagSettings } from '../firehose/read-lag';

/** What the lake alarms are derived from. */
export interface ArchiveAlarmInputs {
  readonly freshnessThreshold: Duration;
  /** Alarm on failed conversions (Parquet). */
  readonly converts: boolean;
  /** Alarm on the partition quota (dynamic partitioning). */
  readonly partitions: boolean;
  /** Alarm on the read lag: the latency objective and the data-loss backstop (a Kinesis source). */
  readonly readLag?: ReadLagSettings;
  /** The Firehose metric of the read lag, for the source read (`KinesisMillisBehindLatest`). */
  readonly readLagMetricName?: string;
  /** Alarm on throttled producers (direct PUT). */
  readonly directPut: boolean;
}

/**
 * The alarm set of a lake's delivery stream: the Firehose kit's delivery alarms, with
 * what to check in a lake, plus the lake's own (failed conversion, partition quota).
 * Missing data is not breaching: a delivery stream publishes nothing while no records
 * arrive.
 */
export function createArchiveAlarms(scope: DeliveryAlarmScope, inputs: ArchiveAlarmInputs): void {
  const { metrics, label, alarms } = scope;
  const once = { evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING };

  createFreshnessAlarm(scope, inputs.freshnessThreshold, 'check the delivery errors in the error prefix and the delivery '
    + 'stream\'s log group, and the bucket\'s policy and key.');
  createDeliverySuccessAlarm(scope, 'Firehose retries for 24 hours, then drops the records: fix the bucket\'s permissions or key now.');
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
    createThrottledRecordsAlarm(scope);
  }
  if (inputs.readLag && inputs.readLagMetricName) {
    createReadLagAlarms(scope, inputs.readLag, 'the lake', inputs.readLagMetricName);
  }
}

import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { RedshiftBackupMode } from './redshift-load-mode';
import { CopySettings } from './redshift-settings';
import {
  createBackupDeliverySuccessAlarm, createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, DeliveryAlarmScope,
} from '../../firehose/delivery-alarms';

/**
 * The alarm set of a `COPY` delivery stream, by `DeliveryStreamName`:
 * - `DataFreshnessAlarm`: records not yet loaded into the table, end to end
 *   (`DeliveryToRedshift.DataFreshness`: intermediate bucket and `COPY` both);
 * - `IntermediateDeliverySuccessAlarm`: writes to the intermediate bucket failing (`DeliveryToS3.Success`),
 *   the stage before `COPY`, so that its cause is named;
 * - `DeliverySuccessAlarm`: `COPY` commands failing (`DeliveryToRedshift.Success`);
 * - `BackupDeliverySuccessAlarm` with `RedshiftBackupMode.ENABLED`: writes to the backup bucket
 *   failing (`BackupToS3.Success`, which Firehose publishes for Redshift when the backup is enabled);
 * - `ReadLatencyAlarm`, `ReadLagAlarm` for a Kinesis source (`KinesisMillisBehindLatest`).
 * Missing data is not breaching: a delivery stream publishes nothing while no records arrive.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export function createRedshiftAlarms(scope: DeliveryAlarmScope, settings: CopySettings, readLagMetricName?: string): void {
  createFreshnessAlarm(scope, settings.freshnessThreshold, 'check the delivery stream\'s log group (IntermediateDelivery for '
    + 'the intermediate bucket, DestinationDelivery for COPY), STL_LOAD_ERRORS, the intermediate bucket\'s policy and key, '
    + 'and read throttling on the source.');
  scope.alarms.create({
    id: 'IntermediateDeliverySuccessAlarm',
    metric: scope.metrics.s3DeliverySuccess(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${scope.label}: writes to the intermediate bucket failed in 15 minutes in a row (DeliveryToS3.Success below 1). `
      + 'Nothing reaches Redshift until they succeed, and Firehose keeps the records for 24 hours at most: fix the bucket\'s policy or key now.',
  });
  createDeliverySuccessAlarm(scope, `Firehose retries each COPY for ${settings.retryDuration.toHumanString()}, then skips its objects `
    + 'and lists them in a manifest under errors/ in the intermediate bucket: check the delivery stream\'s log group '
    + '(DestinationDelivery) and STL_LOAD_ERRORS, fix the cause (network access from Firehose\'s CIDR block, the secret, '
    + 'the table\'s columns and privileges), then load the skipped objects with COPY … MANIFEST.');
  if (settings.backupMode === RedshiftBackupMode.ENABLED) {
    createBackupDeliverySuccessAlarm(scope, 'The records still reach Redshift, but the backup misses them: fix the backup '
      + 'bucket\'s policy or key (the delivery stream\'s log group, BackupDelivery, says which).', scope.metrics.backupToS3Success());
  }
  if (readLagMetricName) {
    createReadLagAlarms(scope, settings.readLag, 'Redshift', readLagMetricName);
  }
}

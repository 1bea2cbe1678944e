import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { OpenSearchBackupMode } from './index-options';
import { IndexSettings } from './index-settings';
import { createBackupDeliverySuccessAlarm, createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, DeliveryAlarmScope } from '../../firehose/delivery-alarms';

/**
 * The alarm set of an index's delivery stream: the Firehose kit's freshness, delivery
 * success and read-lag alarms, plus the backup's: documents that failed indexing (with
 * `FAILED_DOCUMENTS_ONLY`, every record in the backup is one) and backup writes that
 * failed (Firehose then stops delivering). Missing data is not breaching: a delivery
 * stream publishes nothing while no records arrive.
 */
export function createIndexAlarms(scope: DeliveryAlarmScope, settings: IndexSettings, readLagMetricName?: string): void {
  const { alarms, metrics, label } = scope;
  const backup = `${settings.backupPrefix}AmazonOpenSearchService-failed/`;
  createFreshnessAlarm(scope, settings.freshnessThreshold, 'check the delivery stream\'s log group, the failed documents in the '
    + 'backup bucket, the domain\'s health (red cluster, full disks, rejected writes) and that the delivery role may write the index '
    + '(with fine-grained access control: mapped to an OpenSearch role).');
  createDeliverySuccessAlarm(scope, `Firehose retries for ${settings.retryDuration.toHumanString()}, then writes the documents to the `
    + `backup bucket under ${backup}: fix the domain (health, capacity, the delivery role's mapping) and re-index them from there.`);
  if (settings.backupMode === OpenSearchBackupMode.FAILED_DOCUMENTS_ONLY) {
    alarms.create({
      id: 'FailedDocumentsAlarm',
      metric: metrics.s3DeliveryRecords(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `${label}: documents could not be indexed and went to the backup bucket under ${backup} (DeliveryToS3.Records). `
        + 'Read the error in each one (mapping conflicts, rejected writes), fix the cause and re-index them.',
    });
  }
  createBackupDeliverySuccessAlarm(scope, 'When the domain also refuses documents, Firehose stops delivering until one of them '
    + 'accepts: fix the bucket\'s policy or key now.');
  if (readLagMetricName) {
    createReadLagAlarms(scope, settings.readLag, 'the index', readLagMetricName);
  }
}

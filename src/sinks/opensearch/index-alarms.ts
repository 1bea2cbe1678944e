import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IndexSettings } from './index-settings';
import { createBackupDeliverySuccessAlarm, createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, DeliveryAlarmScope } from '../../firehose/delivery-alarms';

/**
 * The alarm set of an index's delivery stream: the Firehose kit's freshness, delivery
 * success and read-lag alarms, plus documents the domain refused (they end in the backup),
 * the delivery role refused (not permitted, or not mapped), and backup writes that failed
 * (Firehose then stops delivering). Missing data is not breaching: a delivery stream
 * publishes nothing while no records arrive.
 */
export function createIndexAlarms(scope: DeliveryAlarmScope, settings: IndexSettings, readLagMetricName?: string): void {
  const { alarms, metrics, label } = scope;
  const backup = `${settings.backupPrefix}AmazonOpenSearchService-failed/`;
  createFreshnessAlarm(scope, settings.freshnessThreshold, 'check the delivery stream\'s log group, the failed documents in the '
    + 'backup bucket, the domain\'s health (red cluster, full disks, rejected writes) and that the delivery role may write the index '
    + '(with fine-grained access control: mapped to an OpenSearch role).');
  createDeliverySuccessAlarm(scope, `Firehose retries for ${settings.retryDuration.toHumanString()}, then writes the documents to the `
    + `backup bucket under ${backup}: fix the domain (health, capacity, the delivery role's mapping) and re-index them from there.`);
  // Not DeliveryToS3.Records: Firehose emits it only when it backs up all documents, so an alarm on it
  // would never fire for failed documents. These two are emitted with every delivery, 1 on a refusal.
  alarms.create({
    id: 'FailedDocumentsAlarm',
    metric: metrics.deliveryRejected(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: the domain refused documents (${metrics.deliveryPrefix}.DeliveryRejected); after retries they go to the `
      + `backup bucket under ${backup}. Read the error in each one (mapping conflicts, rejected writes, a full cluster), fix the cause `
      + 'and re-index them.',
  });
  alarms.create({
    id: 'AuthFailureAlarm',
    metric: metrics.authFailure(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: the domain refused the delivery role (${metrics.deliveryPrefix}.AuthFailure), and every document goes to `
      + `the backup bucket under ${backup}. Check the role's policy and, with fine-grained access control, that it is mapped to an `
      + 'OpenSearch role that may write the index.',
  });
  createBackupDeliverySuccessAlarm(scope, 'When the domain also refuses documents, Firehose stops delivering until one of them '
    + 'accepts: fix the bucket\'s policy or key now.');
  if (readLagMetricName) {
    createReadLagAlarms(scope, settings.readLag, 'the index', readLagMetricName);
  }
}

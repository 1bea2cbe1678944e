import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IndexSettings } from './index-settings';
import {
  createBackupDeliverySuccessAlarm, createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, createThrottledRecordsAlarm,
  DeliveryAlarmScope,
} from '../../firehose/delivery-alarms';
import { DestinationKind } from '../../firehose/destination-kind';

/** What to check, per destination, when documents are not indexed. */
const CHECKS: Readonly<Partial<Record<DestinationKind, { readonly health: string; readonly access: string; readonly store: string }>>> = {
  [DestinationKind.OPENSEARCH]: {
    health: 'the domain\'s health (red cluster, full disks, rejected writes)',
    access: 'that the delivery role may write the index (with fine-grained access control: mapped to an OpenSearch role)',
    store: 'the domain (health, capacity, the delivery role\'s mapping)',
  },
  [DestinationKind.OPENSEARCH_SERVERLESS]: {
    health: 'the collection\'s state and its capacity limit (OCUs)',
    access: 'that the collection\'s data-access policy still names the delivery role and its network policy lets Firehose in',
    store: 'the collection (state, OCU limit, data-access and network policies)',
  },
};

/**
 * The alarm set of an index's delivery stream: the Firehose kit's freshness, delivery
 * success and read-lag alarms, plus documents the domain or collection refused (they end
 * in the backup), the delivery role refused (not permitted, or not mapped), backup writes
 * that failed (Firehose then stops delivering), and with direct PUT, throttled producers.
 * Missing data is not breaching: a delivery stream publishes nothing while no records arrive.
 */
export function createIndexAlarms(scope: DeliveryAlarmScope, settings: IndexSettings, readLagMetricName?: string): void {
  const { alarms, metrics, label } = scope;
  const checks = CHECKS[metrics.destination]!;
  const backup = metrics.destination === DestinationKind.OPENSEARCH
    ? `${settings.backupPrefix}AmazonOpenSearchService-failed/`
    : settings.backupPrefix;
  createFreshnessAlarm(scope, settings.freshnessThreshold, 'check the delivery stream\'s log group, the failed documents in the '
    + `backup bucket, ${checks.health} and ${checks.access}.`);
  createDeliverySuccessAlarm(scope, `Firehose retries for ${settings.retryDuration.toHumanString()}, then writes the documents to the `
    + `backup bucket under ${backup}: fix ${checks.store} and re-index them from there.`);
  const store = metrics.destination === DestinationKind.OPENSEARCH ? 'domain' : 'collection';
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
    description: `${label}: the ${store} refused documents (${metrics.deliveryPrefix}.DeliveryRejected); after retries they go to `
      + `the backup bucket under ${backup}. Read the error in each one (a mapping conflict, or ${checks.health}), `
      + 'fix the cause and re-index them.',
  });
  alarms.create({
    id: 'AuthFailureAlarm',
    metric: metrics.authFailure(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: the ${store} refused the delivery role (${metrics.deliveryPrefix}.AuthFailure), and every document goes `
      + `to the backup bucket under ${backup}. Check ${checks.access}.`,
  });
  createBackupDeliverySuccessAlarm(scope, `Documents the ${store} refuses have nowhere to go while the backup fails: Firehose `
    + 'holds them and stops delivering, and records the source no longer retains are lost. Fix the bucket\'s policy or key now.');
  if (settings.readLag && readLagMetricName) {
    createReadLagAlarms(scope, settings.readLag, 'the index', readLagMetricName);
  }
  if (!settings.readLag) {
    // No source (so no read lag): direct PUT, where producers can be throttled.
    createThrottledRecordsAlarm(scope);
  }
}

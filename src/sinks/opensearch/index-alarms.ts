import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { OpenSearchBackupMode } from './index-options';
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
 * success and read-lag alarms, plus the backup's: documents that failed indexing (with
 * `FAILED_DOCUMENTS_ONLY`, every record in the backup is one) and backup writes that
 * failed (Firehose then stops delivering); with direct PUT, throttled producers. Missing
 * data is not breaching: a delivery stream publishes nothing while no records arrive.
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
  createBackupDeliverySuccessAlarm(scope, `When the ${metrics.destination === DestinationKind.OPENSEARCH ? 'domain' : 'collection'} also `
    + 'refuses documents, Firehose stops delivering until one of them accepts: fix the bucket\'s policy or key now.');
  if (settings.readLag && readLagMetricName) {
    createReadLagAlarms(scope, settings.readLag, 'the index', readLagMetricName);
  }
  if (!settings.readLag) {
    // No source (so no read lag): direct PUT, where producers can be throttled.
    createThrottledRecordsAlarm(scope);
  }
}

import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { BUFFERING_RANGES } from './buffering-hints';
import { DeliveryStreamMetrics } from './delivery-stream-metrics';
import { DestinationKind } from './destination-kind';
import { ReadLagSettings } from './read-lag';
import { InputError } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** Default freshness alarm: twice the buffering interval plus this, for retries. */
const FRESHNESS_MARGIN = Duration.minutes(5);
/** Three 5-minute periods in a row: one slow buffer is not an incident. */
const FIFTEEN_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** A delivery stream publishes nothing while no records arrive: idle is healthy. */
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;

/** How the alarm descriptions name each destination and what it counts as one delivery. */
const DELIVERY_WORDS: Readonly<Record<DestinationKind, { readonly destination: string; readonly deliveries: string }>> = {
  [DestinationKind.S3]: { destination: 'S3', deliveries: 'S3 puts' },
  [DestinationKind.OPENSEARCH]: { destination: 'OpenSearch', deliveries: 'indexing requests' },
  [DestinationKind.OPENSEARCH_SERVERLESS]: { destination: 'OpenSearch Serverless', deliveries: 'indexing requests' },
  [DestinationKind.REDSHIFT]: { destination: 'Redshift', deliveries: 'COPY commands' },
};

/**
 * What every alarm of one delivery stream is made with: the sink's alarm factory (its
 * action and `alarms` list), the delivery stream's metrics, and the label that starts
 * each description (what and where, e.g. `Lake archive App/Stack/Archive`). Alarm ids
 * are fixed (`DataFreshnessAlarm`, …): they are public contract within each sink.
 */
export interface DeliveryAlarmScope {
  readonly alarms: AlarmFactory;
  readonly metrics: DeliveryStreamMetrics;
  readonly label: string;
}

/**
 * The freshness threshold of a delivery stream: `given`, or twice the buffering interval
 * (the longest interval for a token) plus 5 minutes for retries. Refuses a threshold at
 * or below the interval: records wait that long on every delivery, so the alarm would
 * always fire.
 */
export function freshnessThreshold(destination: DestinationKind, interval: Duration, given?: Duration): Duration {
  const freshness = knownSeconds(given);
  const buffering = knownSeconds(interval);
  if (freshness !== undefined && buffering !== undefined && freshness <= buffering) {
    throw new InputError(`\`freshnessThreshold\` must be longer than the ${buffering}-second \`bufferingInterval\`, got ${freshness} seconds: `
      + 'records wait that long in the buffer on every delivery, so the alarm would always fire');
  }
  if (given) {
    return given;
  }
  const seconds = interval.toSeconds();
  const bounded = Token.isUnresolved(seconds) ? BUFFERING_RANGES[destination].maxSeconds : seconds;
  return Duration.seconds(2 * bounded + FRESHNESS_MARGIN.toSeconds());
}

/**
 * `DataFreshnessAlarm`: the oldest record not yet delivered stayed older than
 * `threshold` for 15 minutes, which AWS recommends alarming on. `fix` says what to
 * check for this sink (its error output, its destination's permissions).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html
 */
export function createFreshnessAlarm(scope: DeliveryAlarmScope, threshold: Duration, fix: string): cloudwatch.Alarm {
  const metric = scope.metrics.dataFreshness();
  const { destination } = DELIVERY_WORDS[scope.metrics.destination];
  return scope.alarms.create({
    id: 'DataFreshnessAlarm',
    metric,
    threshold: threshold.toSeconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    description: `${scope.label}: the oldest record not yet in ${destination} stayed older than ${threshold.toHumanString()} `
      + `for 15 minutes (${metric.metricName}). Deliveries are failing or throttled: ${fix}`,
  });
}

/**
 * `DeliverySuccessAlarm`: deliveries to the destination failed in 15 minutes in a row
 * (the success share stayed below 1). `consequence` says how long Firehose retries,
 * where the records go then, and what to fix.
 */
export function createDeliverySuccessAlarm(scope: DeliveryAlarmScope, consequence: string): cloudwatch.Alarm {
  const { deliveries } = DELIVERY_WORDS[scope.metrics.destination];
  return successAlarm(scope, 'DeliverySuccessAlarm', scope.metrics.deliverySuccess(), deliveries, consequence);
}

/**
 * `BackupDeliverySuccessAlarm`, for a destination with an S3 backup: writes to the backup
 * bucket failed in 15 minutes in a row (`metric` below 1: `DeliveryToS3.Success` for
 * OpenSearch, `BackupToS3.Success` for Redshift, whose `DeliveryToS3` is the intermediate
 * bucket). `consequence` says what happens then and what to fix.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 */
export function createBackupDeliverySuccessAlarm(scope: DeliveryAlarmScope, consequence: string,
  metric: cloudwatch.Metric = scope.metrics.s3DeliverySuccess()): cloudwatch.Alarm {
  return successAlarm(scope, 'BackupDeliverySuccessAlarm', metric, 'writes to the backup bucket', consequence);
}

/** A success share below 1 for 15 minutes in a row: `what` failed. */
function successAlarm(scope: DeliveryAlarmScope, id: string, metric: cloudwatch.Metric, what: string, consequence: string): cloudwatch.Alarm {
  return scope.alarms.create({
    id,
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    description: `${scope.label}: ${what} failed in 15 minutes in a row (${metric.metricName} below 1). ${consequence}`,
  });
}

/**
 * `ThrottledRecordsAlarm`, for direct PUT (with a source, producers write to the
 * stream): producers were throttled in 15 minutes in a row.
 */
export function createThrottledRecordsAlarm(scope: DeliveryAlarmScope): cloudwatch.Alarm {
  return scope.alarms.create({
    id: 'ThrottledRecordsAlarm',
    metric: scope.metrics.throttledRecords(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    description: `${scope.label}: producers were throttled in 15 minutes in a row (ThrottledRecords): they sent more than the `
      + 'delivery stream\'s quota of records, requests or bytes per second. Make sure they retry, and ask AWS to raise the quota.',
  });
}

/**
 * `ReadLatencyAlarm` and `ReadLagAlarm`, for a Kinesis source: Firehose stayed behind the
 * stream by more than the latency objective, and by more than the data-loss backstop,
 * for 15 minutes. Missing data is ignored: an alarm keeps its state while Firehose
 * publishes nothing. `lostTo` names where expired records never arrive ('the lake').
 */
export function createReadLagAlarms(scope: DeliveryAlarmScope, readLag: ReadLagSettings, lostTo: string, metricName: string): cloudwatch.Alarm[] {
  const { latencyObjective, lagBackstop } = readLag;
  const behind = {
    metric: scope.metrics.metric(metricName, 'Maximum'),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...FIFTEEN_MINUTES,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  };
  return [
    scope.alarms.create({
      id: 'ReadLatencyAlarm',
      ...behind,
      threshold: latencyObjective.toMilliseconds(),
      description: `${scope.label}: Firehose stayed more than ${latencyObjective.toHumanString()} (its latency objective) behind the `
        + `source stream for 15 minutes (${metricName}). It polls each shard every second, so it is being throttled: `
        + 'check read throttling on the stream (too many polling readers, or a hot shard) and delivery errors.',
    }),
    scope.alarms.create({
      id: 'ReadLagAlarm',
      ...behind,
      threshold: lagBackstop.toMilliseconds(),
      description: `${scope.label}: data-loss backstop. Firehose stayed more than ${lagBackstop.toHumanString()} behind the source `
        + `stream for 15 minutes (${metricName}). Records expire from the stream at the end of its retention and `
        + `are then lost to ${lostTo}: relieve read throttling on the stream (too many polling readers) and fix delivery errors now.`,
    }),
  ];
}

/** Seconds of a duration known at synth; undefined for none or a token. */
function knownSeconds(duration: Duration | undefined): number | undefined {
  return duration && !duration.isUnresolved() ? duration.toSeconds({ integral: false }) : undefined;
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ConsumerMetrics } from './consumer-metrics';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** Errors and throttles alarm on 3 breaching minutes in a row: persistent, not a retried blip. */
const PERSISTENT = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Lag alarms look at 5 minutes in a row: lag that stays, not a burst being caught up. */
const LAGGING = { evaluationPeriods: 5, datapointsToAlarm: 5 };

/** What the consumer alarms are derived from. */
export interface ConsumerAlarmInputs {
  /** Where the consumer is, for descriptions. */
  readonly label: string;
  readonly metrics: ConsumerMetrics;
  readonly iteratorAgeThreshold: Duration;
  readonly maxRecordAge: Duration;
}

/**
 * The alarm set of a stream consumer. Traffic alarms treat missing data as not
 * breaching (an idle consumer stays quiet); lag alarms ignore it, so that a consumer
 * that stops reporting does not clear its own alarm.
 */
export function createConsumerAlarms(alarms: AlarmFactory, inputs: ConsumerAlarmInputs): void {
  const { metrics, label } = inputs;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  const lagText = `${minutes(inputs.iteratorAgeThreshold)} (records older than ${minutes(inputs.maxRecordAge)} go to the failure destination unprocessed)`;

  alarms.create({
    id: 'IteratorAgeAlarm',
    metric: metrics.iteratorAge(),
    threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...LAGGING,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    description: `${label}: Lambda's IteratorAge stayed above ${lagText} for 5 minutes. `
      + 'The handler is too slow or keeps failing: check its errors and duration, then speed it up, process shards in parallel or add shards.',
  });
  const millisBehind = metrics.millisBehindLatest();
  if (millisBehind) {
    alarms.create({
      id: 'MillisBehindLatestAlarm',
      metric: millisBehind,
      threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...LAGGING,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description: `${label}: the enhanced fan-out consumer stayed more than ${lagText} behind the stream (SubscribeToShardEvent.MillisBehindLatest) for 5 minutes. `
        + 'The handler cannot keep up with its dedicated read: check its errors and duration, then speed it up, process shards in parallel or add shards.',
    });
  }
  alarms.create({
    id: 'ErrorsAlarm',
    metric: metrics.errors(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...PERSISTENT,
    treatMissingData: notBreaching,
    description: `${label}: the handler failed in 3 minutes in a row. Each failed batch is retried and holds its shard; `
      + 'read the function\'s logs. Records given up on go to the failure destination.',
  });
  alarms.create({
    id: 'ThrottlesAlarm',
    metric: metrics.throttles(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...PERSISTENT,
    treatMissingData: notBreaching,
    description: `${label}: the handler was throttled in 3 minutes in a row, so shards wait. `
      + 'Each shard needs up to `parallelizationFactor` concurrent executions: raise the function\'s or the account\'s concurrency.',
  });
  alarms.create({
    id: 'FailureDeliveryAlarm',
    metric: metrics.destinationDeliveryFailures(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: notBreaching,
    description: `${label}: Lambda could not record a given-up batch in the failure destination (DestinationDeliveryFailures), `
      + 'so its records are skipped without a trace. Check the destination exists and the function may write to it (and its key).',
  });
  const depth = metrics.failureQueueDepth();
  if (depth) {
    alarms.create({
      id: 'FailureQueueDepthAlarm',
      metric: depth,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: notBreaching,
      description: `${label}: batches Lambda gave up on are waiting in the failure queue. Each message names the shard and `
        + 'sequence numbers of the records skipped: fix the cause, reprocess them from the stream before its retention ends, then delete the message.',
    });
  }
}

function minutes(d: Duration): string {
  const m = d.toMinutes({ integral: false });
  return m >= 120 ? `${+(m / 60).toFixed(1)} hours` : `${+m.toFixed(1)} minutes`;
}

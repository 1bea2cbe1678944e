import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AggregateSinkMetrics } from './aggregate-sink-metrics';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** One record or one value set aside is worth a look: it is missing from its window's figures. */
const ANY = 1;
/** Throttling that lasts 3 minutes in a row delays the windows' merges, not a burst absorbed by retries. */
const SUSTAINED = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Keys found already merged in 3 periods of 5 minutes in a row: a flush keeps being applied again, not one retry. */
const REPEATED = { evaluationPeriods: 3, datapointsToAlarm: 3 };

/** What the aggregate alarms are derived from. */
export interface AggregateAlarmInputs {
  /** Where the aggregate is, for descriptions. */
  readonly label: string;
  readonly metrics: AggregateSinkMetrics;
  /** Where the failure store is, for descriptions: `s3://<bucket>/<prefix>`. */
  readonly failureLocation: string;
}

/**
 * The alarm set of an aggregate, beside its consumer's. All treat missing data as not
 * breaching: the handler and DynamoDB publish these metrics only when something happened.
 */
export function createAggregateAlarms(alarms: AlarmFactory, inputs: AggregateAlarmInputs): void {
  const { metrics, label, failureLocation } = inputs;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

  alarms.create({
    id: 'FailedRecordsAlarm',
    metric: metrics.failedRecords(),
    threshold: ANY,
    comparisonOperator: atLeast,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: notBreaching,
    description: `${label}: records were set aside in the failure store (${failureLocation}) in the last 5 minutes, `
      + 'uncounted: not JSON, without the key field, or with a measure field that is not a number. Each object holds the '
      + 'records\' raw bytes, shard, sequence number and reason: inspect them, fix the producer, then replay the records '
      + 'if the aggregates must include them.',
  });
  alarms.create({
    id: 'UnstorableAggregatesAlarm',
    metric: metrics.unstorableAggregates(),
    threshold: ANY,
    comparisonOperator: atLeast,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: notBreaching,
    description: `${label}: DynamoDB refused to store some keys' aggregates in the last 5 minutes (a number beyond its `
      + '38 digits of precision or its range), so those items lack those contributions. They are in the failure store under '
      + `${failureLocation}aggregates/: check the measures against the values producers send, fix the cause, then add them `
      + 'to their items by hand if needed.',
  });
  alarms.create({
    id: 'TableThrottleAlarm',
    metric: metrics.tableThrottles(),
    threshold: ANY,
    comparisonOperator: atLeast,
    ...SUSTAINED,
    treatMissingData: notBreaching,
    description: `${label}: DynamoDB throttled reads or writes of the aggregate table in 3 minutes in a row, so windows' `
      + 'merges are retried and their shards wait. On demand, look for a hot key (one partition takes 3,000 reads and '
      + '1,000 writes per second) or a maximum throughput set on the table; provisioned, raise its capacity or switch to on demand.',
  });
  alarms.create({
    id: 'MergeRetriesAlarm',
    metric: metrics.alreadyMergedKeys(),
    threshold: ANY,
    comparisonOperator: atLeast,
    ...REPEATED,
    treatMissingData: notBreaching,
    description: `${label}: the handler found keys of a flush already merged into their items in 3 periods of 5 minutes in a `
      + 'row. That happens only when a flush is applied again (nothing is counted twice), so a flush keeps being retried and '
      + 'its shard waits: read the function\'s errors and logs for what fails after the merge.',
  });
}

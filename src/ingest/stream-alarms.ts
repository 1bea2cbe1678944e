import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { METRIC_PERIOD, StreamMetrics } from './stream-metrics';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { BYTES_PER_MIB } from '../planning/units';

/** Throttling alarms fire on 3 breaching minutes out of 5: sustained, not a blip. */
const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 };
/** Fraction of requests throttled that counts as throttling (Average of the 0/1 metric). */
const THROTTLED_FRACTION = 0.01;

/** What the stream alarms are derived from. */
export interface StreamAlarmInputs {
  /** Where the stream is, for descriptions. */
  readonly label: string;
  readonly stream: kinesis.IStream;
  /** The stream's metrics, read as the construct's `metricXxx()` methods read them. */
  readonly metrics: StreamMetrics;
  /** Iterator age that means consumers are too far behind. */
  readonly iteratorAgeThreshold: Duration;
  readonly retention: Duration;
  /**
   * Provisioned shard count (a number or a token), for the capacity alarms.
   * Undefined for on-demand streams, which have no fixed capacity to alarm on.
   */
  readonly shardCount?: string;
  /** Fraction of provisioned capacity at which the capacity alarms fire. */
  readonly capacityFraction: number;
  /** Alarm on the hottest shard (needs shard-level metrics). */
  readonly hotShardDetection: boolean;
}

/**
 * The alarm set of a Kinesis stream. Every metric is dimensioned by `StreamName`
 * (through `StreamMetrics` or the query's WHERE clause); alarms on
 * traffic treat missing data as not breaching, so an idle stream stays quiet.
 */
export function createStreamAlarms(alarms: AlarmFactory, inputs: StreamAlarmInputs): void {
  const { metrics, label } = inputs;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;

  alarms.create({
    id: 'WriteThrottlingAlarm',
    metric: metrics.writeThrottled(),
    threshold: THROTTLED_FRACTION,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: notBreaching,
    description: `${label}: at least 1% of writes were throttled (WriteProvisionedThroughputExceeded) in 3 of 5 minutes; `
      + 'producers retry or drop records. If one shard is hot, spread the partition key; if all are busy, raise the shard count.',
  });
  alarms.create({
    id: 'PutRecordsThrottledAlarm',
    metric: metrics.putRecordsThrottledRecords(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: notBreaching,
    description: `${label}: PutRecords calls had throttled records (PutRecords.ThrottledRecords) in 3 of 5 minutes. `
      + 'Make sure producers retry failed records, then spread the partition key or raise the shard count.',
  });
  alarms.create({
    id: 'ReadThrottlingAlarm',
    metric: metrics.readThrottled(),
    threshold: THROTTLED_FRACTION,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: notBreaching,
    description: `${label}: at least 1% of GetRecords calls were throttled (ReadProvisionedThroughputExceeded) in 3 of 5 minutes. `
      + 'Polling consumers share 5 calls/s and 2 MiB/s per shard: move consumers to enhanced fan-out or raise the shard count.',
  });
  const ageHours = inputs.iteratorAgeThreshold.toHours({ integral: false });
  alarms.create({
    id: 'IteratorAgeAlarm',
    metric: metrics.iteratorAge(),
    threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    // The metric exists only while a consumer polls: a consumer that fell behind and
    // then stopped must not clear the alarm.
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    description: `${label}: the oldest unread record is over ${roundHours(ageHours)} hours old (GetRecords.IteratorAgeMilliseconds) `
      + `for 5 minutes; records expire after ${roundHours(inputs.retention.toHours({ integral: false }))} hours. `
      + 'Find the slow or failing consumer (errors, throttles, poison records) and scale it before data is lost.',
  });

  if (inputs.shardCount !== undefined) {
    const fraction = inputs.capacityFraction;
    const perMinute = (limit: number) => `(60 * ${limit} * ${inputs.shardCount})`;
    alarms.create({
      id: 'WriteBytesCapacityAlarm',
      metric: new cloudwatch.MathExpression({
        expression: `100 * bytes / ${perMinute(KinesisLimits.WRITE_MIB_PER_SHARD * BYTES_PER_MIB)}`,
        usingMetrics: { bytes: metrics.incomingBytes() },
        period: METRIC_PERIOD,
        label: 'Write bytes, % of provisioned',
      }),
      threshold: fraction * 100,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...SUSTAINED,
      treatMissingData: notBreaching,
      description: `${label}: incoming bytes reached ${Math.round(fraction * 100)}% of the provisioned 1 MiB/s per shard in 3 of 5 minutes. `
        + 'Raise the shard count (or the workload\'s ingestMibPerSecond) before writes are throttled.',
    });
    alarms.create({
      id: 'WriteRecordsCapacityAlarm',
      metric: new cloudwatch.MathExpression({
        expression: `100 * records / ${perMinute(KinesisLimits.WRITE_RECORDS_PER_SHARD)}`,
        usingMetrics: { records: metrics.incomingRecords() },
        period: METRIC_PERIOD,
        label: 'Write records, % of provisioned',
      }),
      threshold: fraction * 100,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...SUSTAINED,
      treatMissingData: notBreaching,
      description: `${label}: incoming records reached ${Math.round(fraction * 100)}% of the provisioned 1,000 records/s per shard in 3 of 5 minutes. `
        + 'Raise the shard count (or the workload\'s ingestRecordsPerSecond), or batch small records, before writes are throttled.',
    });
  }

  if (inputs.hotShardDetection) {
    createHotShardAlarms(alarms, inputs);
  }
}

/**
 * Alarms on the busiest shard, from shard-level metrics, through a Metrics Insights
 * query that keeps the top shard by sum per minute.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html
 */
function createHotShardAlarms(alarms: AlarmFactory, inputs: StreamAlarmInputs): void {
  const fraction = inputs.capacityFraction;
  const hottestShard = (metricName: string) => new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM SCHEMA("AWS/Kinesis", ShardId, StreamName) `
      + `WHERE StreamName = '${inputs.stream.streamName}' GROUP BY ShardId ORDER BY SUM() DESC LIMIT 1`,
    period: METRIC_PERIOD,
    label: `${metricName} of the hottest shard`,
  });
  const hot = (limit: string) => `${inputs.label}: one shard received at least ${Math.round(fraction * 100)}% of its ${limit} in 3 of 5 minutes `
    + 'while the stream as a whole may be far from full: the partition key is skewed. Use a higher-cardinality key '
    + '(customer, order or device id) or split the hot key with a suffix.';
  alarms.create({
    id: 'HotShardBytesAlarm',
    metric: hottestShard('IncomingBytes'),
    threshold: Math.round(fraction * 60 * KinesisLimits.WRITE_MIB_PER_SHARD * BYTES_PER_MIB),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: hot('1 MiB/s write limit'),
  });
  alarms.create({
    id: 'HotShardRecordsAlarm',
    metric: hottestShard('IncomingRecords'),
    threshold: Math.round(fraction * 60 * KinesisLimits.WRITE_RECORDS_PER_SHARD),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: hot('1,000 records/s write limit'),
  });
}

function roundHours(hours: number): string {
  return (Math.round(hours * 10) / 10).toString();
}

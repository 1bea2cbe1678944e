import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SOURCE_GROUP } from './property-groups';
import type { StreamAnalytics } from './stream-analytics';
import { StreamAnalyticsProps } from './stream-analytics-props';
import { InputError } from '../common/input-error';

/** What the lag alarm watches, its threshold, and how its description says it. */
export interface SourceLag {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly what: string;
}

/**
 * The lag the application alarms on:
 * - Kinesis: the connector's `millisBehindLatest` against the latency objective;
 * - Kafka: the consumer's `records_lag_max` (the most records behind on any one partition)
 *   against `maxLagRecords`; without it, the source's own lag measure for the job's group
 *   (MSK's `EstimatedMaxTimeLag`) against the objective plus one checkpoint interval, since
 *   Flink commits its offsets at checkpoints only.
 */
export function sourceLag(app: StreamAnalytics, props: StreamAnalyticsProps, objective: Duration, checkpointInterval: Duration): SourceLag {
  const seconds = objective.toSeconds();
  if (app.properties[SOURCE_GROUP]['source.type'] !== 'kafka') {
    return { metric: app.metricMillisBehindLatest(), threshold: objective.toMilliseconds(), what: `millisBehindLatest above the ${seconds}-second latency objective` };
  }
  if (props.maxLagRecords !== undefined) {
    return { metric: app.metricRecordsLagMax(), threshold: props.maxLagRecords, what: `records_lag_max above the ${props.maxLagRecords} records of \`maxLagRecords\`` };
  }
  const threshold = objective.toMilliseconds() + checkpointInterval.toMilliseconds();
  const metric = app._binding.metricReaderLag();
  if (!metric) {
    throw new InputError(`${props.source.sourceName} measures no lag for its readers: give \`maxLagRecords\`, `
      + 'the records_lag_max at which the lag alarm fires');
  }
  return {
    metric,
    threshold,
    what: `the source's lag for the job's consumer group above ${threshold / 1000} seconds (the latency objective plus one checkpoint interval, `
      + 'since Flink commits offsets at checkpoints; give `maxLagRecords` to watch records_lag_max)',
  };
}

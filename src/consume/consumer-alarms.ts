import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ConsumerMetrics } from './consumer-metrics';
import { RecordTerms } from './record-terms';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** Errors and throttles alarm on 3 breaching minutes in a row: persistent, not a retried blip. */
const PERSISTENT = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Lag alarms look at 5 minutes in a row: lag that stays, not a burst being caught up. */
const LAGGING = { evaluationPeriods: 5, datapointsToAlarm: 5 };
/** The latency objective alarms sooner, on 3 minutes in a row: it is the operational alarm. */
const BEHIND_OBJECTIVE = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Offset lag alarms when it grew in each of 15 minutes in a row: a reader steadily losing ground, not a burst. */
const LOSING_GROUND = { evaluationPeriods: 15, datapointsToAlarm: 15 };
/** Any failure raises its alarm at once. */
const AT_ONCE = { evaluationPeriods: 1, datapointsToAlarm: 1 };

/** What the consumer alarms are derived from. */
export interface ConsumerAlarmInputs {
  /** Where the consumer is, for descriptions. */
  readonly label: string;
  readonly metrics: ConsumerMetrics;
  readonly iteratorAgeThreshold: Duration;
  readonly maxRecordAge: Duration;
  readonly latencyObjective: Duration;
  /**
   * Where the records given up on are and how to replay them, for descriptions.
   * Its first sentence says where they are.
   */
  readonly failureLocation: string;
  /**
   * Whether Lambda publishes `IteratorAge` for the mapping: if not, the lag alarms watch
   * the source's own lag measure (`metrics.readerLag()`).
   */
  readonly lambdaReportsRecordAge: boolean;
  /** Whether Lambda publishes `OffsetLag` for the mapping: then `OffsetLagAlarm` watches it. */
  readonly lambdaReportsOffsetLag: boolean;
  /** How the descriptions name the source's shards or partitions. */
  readonly terms: RecordTerms;
}

/**
 * The alarm set of a stream consumer. Traffic alarms treat missing data as not
 * breaching (an idle consumer stays quiet); lag alarms ignore it, so that a consumer
 * that stops reporting does not clear its own alarm; failure alarms ignore it too, so
 * that failures stay visible until someone deals with them (see each alarm).
 */
export function createConsumerAlarms(alarms: AlarmFactory, inputs: ConsumerAlarmInputs): void {
  const { metrics, label, terms } = inputs;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  const ignore = cloudwatch.TreatMissingData.IGNORE;
  const lagText = `${minutes(inputs.iteratorAgeThreshold)} (records older than ${minutes(inputs.maxRecordAge)} go to the failure destination unprocessed)`;

  createLagAlarms(alarms, inputs, lagText);
  alarms.create({
    id: 'ErrorsAlarm',
    metric: metrics.errors(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...PERSISTENT,
    treatMissingData: notBreaching,
    description: `${label}: the handler failed in 3 minutes in a row. Each failed batch is retried and holds its ${terms.unit}; `
      + 'read the function\'s logs. Records given up on go to the failure destination.',
  });
  alarms.create({
    id: 'ThrottlesAlarm',
    metric: metrics.throttles(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...PERSISTENT,
    treatMissingData: notBreaching,
    description: `${label}: the handler was throttled in 3 minutes in a row, so ${terms.unit}s wait. `
      + `${terms.concurrencyPerUnit}: raise the function's or the account's concurrency.`,
  });
  alarms.create({
    id: 'FailureDeliveryAlarm',
    metric: metrics.destinationDeliveryFailures(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...AT_ONCE,
    // Published only when a delivery fails: ignored like the given-up records, so that the loss stays visible.
    treatMissingData: ignore,
    description: `${label}: Lambda could not record a given-up batch in the failure destination (DestinationDeliveryFailures), `
      + 'so its records are skipped without a trace. Check the destination exists and the function may write to it (and its key), '
      + `replay the records from ${terms.container} if it still has them, then set this alarm back to OK (aws cloudwatch set-alarm-state --state-value OK).`,
  });
  /*
   * Lambda publishes OnFailureDestinationDeliveredEventCount when it delivers a batch,
   * and nothing is documented for the minutes without one. NOT_BREACHING would read
   * those minutes as "no failure" and return the alarm to OK a minute after it fired,
   * while the records wait in the destination unhandled. IGNORE keeps the state: the
   * alarm stays in ALARM until someone has dealt with the records and sets it back to OK
   * (`aws cloudwatch set-alarm-state --state-value OK`); it starts in INSUFFICIENT_DATA
   * until a first failure. The price: a second failure while it is in ALARM sends no
   * new notification, so the description asks to reset it once handled.
   */
  alarms.create({
    id: 'GivenUpRecordsAlarm',
    metric: metrics.givenUpRecords(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...AT_ONCE,
    treatMissingData: ignore,
    description: `${label}: Lambda gave up on records (after the retries or at ${minutes(inputs.maxRecordAge)} old) and sent them to the `
      + `failure destination (OnFailureDestinationDeliveredEventCount). ${inputs.failureLocation} Fix the cause, replay the records, `
      + 'then set this alarm back to OK (aws cloudwatch set-alarm-state --state-value OK): it stays in ALARM until then.',
  });
  const depth = metrics.failureQueueDepth();
  if (depth) {
    /*
     * SQS publishes queue metrics only while the queue is active (for CloudWatch, up to
     * six hours after the last API call on it): a failure queue nobody reads goes quiet
     * with its messages still in it. Treated as not breaching, that silence returned the
     * alarm to OK; ignored, it keeps the alarm in ALARM until a datapoint shows the queue
     * empty, which the reader's own calls make SQS publish.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
     */
    alarms.create({
      id: 'FailureQueueDepthAlarm',
      metric: depth,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...AT_ONCE,
      treatMissingData: ignore,
      description: `${label}: batches Lambda gave up on are waiting in the failure queue. Each message names the ${terms.unit} and `
        + `${terms.positions} of the records skipped, not the records: fix the cause, reprocess them from ${terms.container} before its `
        + 'retention ends, then delete the message. The alarm stays in ALARM until the queue is seen empty.',
    });
  }
}

/**
 * The latency objective and the data-loss backstop, on Lambda's IteratorAge where Lambda
 * reports it, else on the source's own lag measure; an enhanced fan-out consumer's
 * MillisBehindLatest as a second backstop; and a steadily growing `OffsetLag`.
 */
function createLagAlarms(alarms: AlarmFactory, inputs: ConsumerAlarmInputs, lagText: string): void {
  const { metrics, label, terms } = inputs;
  const ignore = cloudwatch.TreatMissingData.IGNORE;
  const readerLag = metrics.readerLag();
  if (inputs.lambdaReportsRecordAge) {
    alarms.create({
      id: 'LatencyObjectiveAlarm',
      metric: metrics.iteratorAge(),
      threshold: inputs.latencyObjective.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...BEHIND_OBJECTIVE,
      treatMissingData: ignore,
      description: `${label}: Lambda's IteratorAge stayed above the ${minutes(inputs.latencyObjective)} latency objective for 3 minutes: `
        + 'records are processed later than promised. The handler is slow, failing and retrying, or throttled: check its errors, '
        + 'duration and throttles, then speed it up, process shards in parallel (parallelizationFactor) or add shards.',
    });
    alarms.create({
      id: 'IteratorAgeAlarm',
      metric: metrics.iteratorAge(),
      threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...LAGGING,
      treatMissingData: ignore,
      description: `${label}: data-loss backstop: Lambda's IteratorAge stayed above ${lagText} for 5 minutes. `
        + 'Records are close to being given up on: the handler is too slow or keeps failing: check its errors and duration, then '
        + 'speed it up, process shards in parallel or add shards.',
    });
    if (readerLag) {
      alarms.create({
        id: 'MillisBehindLatestAlarm',
        metric: readerLag,
        threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        ...LAGGING,
        treatMissingData: ignore,
        description: `${label}: data-loss backstop: the enhanced fan-out consumer stayed more than ${lagText} behind the stream (SubscribeToShardEvent.MillisBehindLatest) for 5 minutes. `
          + 'The handler cannot keep up with its dedicated read: check its errors and duration, then speed it up, process shards in parallel or add shards.',
      });
    }
  } else if (readerLag) {
    // Lambda reports no record age for this source: the same two alarms, ids and thresholds, on the lag the source measures.
    const measure = metricNames(readerLag);
    alarms.create({
      id: 'LatencyObjectiveAlarm',
      metric: readerLag,
      threshold: inputs.latencyObjective.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...BEHIND_OBJECTIVE,
      treatMissingData: ignore,
      description: `${label}: the reader stayed more than the ${minutes(inputs.latencyObjective)} latency objective behind ${terms.container}'s `
        + `newest record (${measure}, in milliseconds) for 3 minutes: records are processed later than promised. The handler is slow, `
        + `failing and retrying, or throttled: check its errors, duration and throttles, then speed it up or ${terms.scaleOut}.`,
    });
    alarms.create({
      id: 'IteratorAgeAlarm',
      metric: readerLag,
      threshold: inputs.iteratorAgeThreshold.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...LAGGING,
      treatMissingData: ignore,
      description: `${label}: data-loss backstop: the reader stayed more than ${lagText} behind ${terms.container}'s newest record `
        + `(${measure}, in milliseconds) for 5 minutes. Records are close to being given up on: the handler is too slow or keeps `
        + `failing: check its errors and duration, then speed it up or ${terms.scaleOut}.`,
    });
  }
  const offsetLag = metrics.offsetLag();
  if (inputs.lambdaReportsOffsetLag && offsetLag) {
    /*
     * OffsetLag counts records, not time, and a busy topic has a lag that rises and falls
     * with every burst: no fixed count means "behind". A lag that grew in every one of 15
     * minutes in a row does: the reader is steadily losing ground. RATE() is the change per
     * second between consecutive minutes; minutes without data (an idle reader) are not breaching.
     */
    alarms.create({
      id: 'OffsetLagAlarm',
      metric: new cloudwatch.MathExpression({
        expression: 'RATE(offsetLag)',
        usingMetrics: { offsetLag },
        label: 'OffsetLag growth (records per second)',
        period: offsetLag.period,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...LOSING_GROUND,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      description: `${label}: Lambda's OffsetLag (records between ${terms.container}'s end and the consumer group's position) grew `
        + 'in every one of 15 minutes in a row: records arrive faster than the handler processes them, and the lag will reach '
        + `the backstop. Check the handler's errors, duration and throttles, then speed it up or ${terms.scaleOut}.`,
    });
  }
}

/** The metric names behind a metric or a math expression over metrics, for descriptions. */
function metricNames(metric: cloudwatch.IMetric): string {
  const config = metric.toMetricConfig();
  if (config.metricStat) {
    return `${config.metricStat.namespace} ${config.metricStat.metricName}`;
  }
  const using = config.mathExpression?.usingMetrics ?? {};
  const names = Object.values(using).map(metricNames);
  return names.length > 0 ? `${names.join(', ')}, as ${config.mathExpression!.expression}` : config.mathExpression?.expression ?? 'the source\'s lag';
}

function minutes(d: Duration): string {
  const m = d.toMinutes({ integral: false });
  if (m < 1) {
    return count(+d.toSeconds({ integral: false }).toFixed(1), 'second');
  }
  return m >= 120 ? count(+(m / 60).toFixed(1), 'hour') : count(+m.toFixed(1), 'minute');
}

/** `1 minute`, `2 minutes`, `1.5 minutes`. */
function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ProducerApiMetrics } from './producer-api-metrics';
import { AlarmFactory } from '../../monitoring/alarm-factory';

/** Share of requests answered 4XX above which the client error alarm fires. */
const CLIENT_ERROR_RATE = 0.05;

/**
 * The alarms of a producer's API stage. Missing data is not breaching: an idle API
 * publishes nothing and must not alarm.
 * - `ServerErrorsAlarm`: any 5XX in 5 minutes. Each is a request whose records were not
 *   (all) written: Kinesis failed, or refused the role, the stream or its key.
 * - `ClientErrorRateAlarm`: more than 5% of requests answered 4XX for 15 minutes: bodies
 *   the model refuses, callers refused, or throttling (API Gateway's or the stream's).
 * - `LatencyAlarm`: p99 latency above the objective for 15 minutes.
 */
export function createProducerApiAlarms(alarms: AlarmFactory, metrics: ProducerApiMetrics, label: string, latencyObjective: Duration): void {
  alarms.create({
    id: 'ServerErrorsAlarm',
    metric: metrics.serverErrors(),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: requests were answered 5XX, so their records were not all written. 500 with an error type is Kinesis `
      + 'refusing the API\'s role, the stream or its key (check the role\'s policy, the stream and its key policy), or failed records of '
      + 'a batch; 502 is Kinesis failing. Read the access log (status, integrationStatus, error) and the execution log.',
  });
  alarms.create({
    id: 'ClientErrorRateAlarm',
    metric: metrics.clientErrorRate(),
    threshold: CLIENT_ERROR_RATE,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: more than ${CLIENT_ERROR_RATE * 100}% of requests were answered 4XX for 15 minutes. 400: bodies the model `
      + 'refuses (a client sends the wrong format); 403: callers not allowed; 429: throttled by the method\'s limit or by the stream '
      + '(compare with the stream\'s write throttling alarm). Read the access log\'s status and error.',
  });
  alarms.create({
    id: 'LatencyAlarm',
    metric: metrics.latency(),
    threshold: latencyObjective.toMilliseconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${label}: the 99th percentile of latency has been above the objective of ${latencyObjective.toMilliseconds()} ms for `
      + '15 minutes. Compare with IntegrationLatency: if Kinesis is slow too, check the stream\'s throttling and its key; otherwise '
      + 'the authorizer or WAF adds the time.',
  });
}

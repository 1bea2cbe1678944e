/**
 * What the raw apps' Firehose deliveries from a Kinesis stream share (the indexes of
 * raw-search.ts, the Redshift COPY of raw-redshift-copy.ts), as a team would factor it
 * once it has more than one: the error log group with one log stream per destination,
 * the read grant on the source (and its key), and the alarms' plumbing with the two
 * read-lag alarms every such delivery has. Nothing is imported from src/.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** 15 minutes of 5-minute periods. */
export const FIFTEEN_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** One 5-minute period. */
export const ONCE = { evaluationPeriods: 1, datapointsToAlarm: 1 };

/** A delivery's log group (`DeliveryLogs`, kept a year) and one kept log stream per named destination. */
export interface DeliveryLogs {
  readonly streams: Record<string, logs.LogStream>;
  /** The delivery stream's logging options for one of the streams. */
  logging(name: string): firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
  /** What the delivery role may write: one `logs:PutLogEvents` statement per stream. */
  statements(): iam.PolicyStatement[];
}

/** Adds the log group `DeliveryLogs` under `scope`, with one log stream per name. */
export function addDeliveryLogs(scope: Construct, names: string[]): DeliveryLogs {
  const stack = Stack.of(scope);
  const group = new logs.LogGroup(scope, 'DeliveryLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  const streams: Record<string, logs.LogStream> = {};
  for (const name of names) {
    streams[name] = new logs.LogStream(group, name, { logGroup: group, removalPolicy: RemovalPolicy.RETAIN });
  }
  return {
    streams,
    logging: name => ({ enabled: true, logGroupName: group.logGroupName, logStreamName: streams[name].logStreamName }),
    statements: () => names.map(name => new iam.PolicyStatement({
      actions: ['logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${group.logGroupName}:log-stream:${streams[name].logStreamName}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    })),
  };
}

/** Reading the source stream, and decrypting it through Kinesis when it has a key of the app. */
export function readStreamStatements(stream: kinesis.IStream, key?: kms.IKey): iam.PolicyStatement[] {
  const statements = [new iam.PolicyStatement({
    actions: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
    resources: [stream.streamArn],
  })];
  if (key) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': `kinesis.${Stack.of(stream).region}.amazonaws.com`,
          'kms:EncryptionContext:aws:kinesis:arn': stream.streamArn,
        },
      },
    }));
  }
  return statements;
}

/** A delivery stream's 5-minute metric, and its alarms paging `action` on ALARM and OK. */
export interface DeliveryAlarms {
  metric(metricName: string, statistic: string): cloudwatch.Metric;
  alarm(id: string, props: cloudwatch.AlarmProps): void;
}

/** The alarms' plumbing for `deliveryStream`, the alarms as constructs under `scope`. */
export function deliveryAlarms(scope: Construct, deliveryStream: firehose.CfnDeliveryStream, action: cloudwatch.IAlarmAction): DeliveryAlarms {
  return {
    metric: (metricName, statistic) => new cloudwatch.Metric({
      namespace: 'AWS/Firehose',
      metricName,
      dimensionsMap: { DeliveryStreamName: deliveryStream.ref },
      statistic,
      period: Duration.minutes(5),
    }),
    alarm: (id, props) => {
      const a = new cloudwatch.Alarm(scope, id, props);
      a.addAlarmAction(action);
      a.addOkAction(action);
    },
  };
}

/**
 * Read latency (5 minutes, Firehose's objective) and the read-lag backstop (`lagHours`, a
 * quarter of the source's retention); missing data keeps the state. `lostTo` says where
 * expired records no longer arrive.
 */
export function addReadLagAlarms(a: DeliveryAlarms, label: string, lagHours: number, lostTo: string): void {
  const behind = a.metric('KinesisMillisBehindLatest', 'Maximum');
  const gt = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const ignore = cloudwatch.TreatMissingData.IGNORE;
  a.alarm('ReadLatencyAlarm', {
    metric: behind,
    threshold: Duration.minutes(5).toMilliseconds(),
    comparisonOperator: gt,
    ...FIFTEEN_MINUTES,
    treatMissingData: ignore,
    alarmDescription: `${label}: Firehose stayed more than 5 minutes (its latency objective) behind the source stream for `
      + '15 minutes (KinesisMillisBehindLatest). It polls each shard every second, so it is being throttled: check read '
      + 'throttling on the stream (too many polling readers, or a hot shard) and delivery errors.',
  });
  a.alarm('ReadLagAlarm', {
    metric: behind,
    threshold: Duration.hours(lagHours).toMilliseconds(),
    comparisonOperator: gt,
    ...FIFTEEN_MINUTES,
    treatMissingData: ignore,
    alarmDescription: `${label}: data-loss backstop. Firehose stayed more than ${lagHours} hours behind the source stream for 15 minutes `
      + `(KinesisMillisBehindLatest). Records expire from the stream at the end of its retention and are then lost to ${lostTo}: `
      + 'relieve read throttling on the stream (too many polling readers) and fix delivery errors now.',
  });
}

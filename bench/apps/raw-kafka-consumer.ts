/**
 * The Kafka pair's raw consumer: what the library's `ShardConsumer` builds on a Kafka
 * topic, written by hand with aws-cdk-lib only: a Lambda MSK event source mapping reading
 * the topic as its own consumer group, with provisioned pollers (Lambda applies retries,
 * bisecting and the record age only then), writing the batches it gives up on to an S3
 * failure bucket (raw-failure-bucket.ts, through the gateway endpoint in the cluster's
 * VPC), and its alarms on MSK's consumer lag and the handler's metrics. The retry, age
 * and alarm settings the library derives (a quarter and three quarters of the topic's
 * 3-day retention) are written out. Nothing is imported from src/.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { grantGivenUpWrites } from './raw-consumer';
import { addFailureBucket } from './raw-failure-bucket';
import { RawKafkaCluster } from './raw-kafka-cluster';

const MINUTE = Duration.minutes(1);
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const IGNORE = cloudwatch.TreatMissingData.IGNORE;
const AT_ONCE = { evaluationPeriods: 1, datapointsToAlarm: 1 };
const THREE_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
const SPEED_UP = 'speed it up or add partitions (Lambda processes each partition one batch at a time) or raise the mapping\'s maximum provisioned pollers.';
const SET_BACK_TO_OK = 'set this alarm back to OK (aws cloudwatch set-alarm-state --state-value OK)';
const LAG_SOURCE = 'behind the topic\'s newest record (AWS/Kafka EstimatedMaxTimeLag, as lagSeconds * 1000, in milliseconds)';
/** What Lambda's pollers do in the cluster's VPC: IAM takes no resource narrower than `*` for them. */
const POLLER_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
];

/** One reader of a Kafka topic. */
export interface KafkaConsumerOptions {
  readonly cluster: RawKafkaCluster;
  readonly handler: lambda.IFunction;
  /** The consumer group, which names the reader in alarm descriptions. */
  readonly groupId: string;
  /** How far behind the reader may be before it pages. */
  readonly latencyObjective: Duration;
  /** ...and that objective in words, for the alarm's description. */
  readonly latencyObjectiveText: string;
  readonly action: cloudwatch.IAlarmAction;
}

/** Adds the consumer as construct `id` under `scope`: failure bucket, mapping (`Resource`) and alarms. */
export function addKafkaConsumer(scope: Construct, id: string, o: KafkaConsumerOptions): void {
  const consumer = new Construct(scope, id);
  const { cluster, handler, groupId } = o;
  const role = handler.role!;
  const endpoints = [cluster.reach('LAMBDA'), cluster.reach('STS')];

  const readGrant = iam.Grant.addToPrincipal({
    grantee: handler, actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], resourceArns: [cluster.clusterArn],
  }).combine(iam.Grant.addToPrincipal({
    grantee: handler, actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], resourceArns: [cluster.topicArn],
  })).combine(iam.Grant.addToPrincipal({
    grantee: handler, actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], resourceArns: [cluster.groupArn(groupId)],
  }));

  const failureBucket = addFailureBucket(consumer, 'FailureBucket',
    'Lambda (s3:PutObject under aws/lambda/, for the consumer\'s event source mapping)');
  // Lambda writes the failure objects from the cluster's VPC.
  const s3Endpoint = cluster.reach('S3');
  grantGivenUpWrites(handler, failureBucket);

  const mapping = new lambda.EventSourceMapping(consumer, 'Resource', {
    target: handler,
    eventSourceArn: cluster.clusterArn,
    kafkaTopic: cluster.topicName,
    kafkaConsumerGroupId: groupId,
    provisionedPollerConfig: { minimumPollers: 1 },
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(5),
    retryAttempts: 3,
    // Three quarters of the topic's 3-day retention.
    maxRecordAge: Duration.hours(54),
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    onFailure: { bind: () => ({ destination: failureBucket.bucketArn }) },
    supportS3OnFailureDestination: true,
    metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
  });
  readGrant.applyBefore(mapping);
  for (const statement of [
    new iam.PolicyStatement({
      actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
      resources: [cluster.clusterArn],
    }),
    new iam.PolicyStatement({ actions: POLLER_NETWORK_ACTIONS, resources: ['*'] }),
  ]) {
    const added = role.addToPrincipalPolicy(statement);
    if (added.policyDependable) {
      mapping.node.addDependency(added.policyDependable);
    }
  }
  // The topic and the endpoints the pollers and the failure destination use come first.
  for (const prerequisite of [cluster.topic, ...endpoints, s3Endpoint]) {
    mapping.node.addDependency(prerequisite);
  }
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `Lambda needs ${POLLER_NETWORK_ACTIONS.join(', ')} to create and run the event source mapping on the topic `
      + '(its pollers\' network interfaces in the cluster\'s VPC); these actions take no resource narrower than \'*\'.',
  });

  const label = `Stream consumer ${consumer.node.path} (reader ${groupId} of Kafka topic ${cluster.topicName} of ${cluster.path})`;
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(consumer, alarmId, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
  };
  const lag = new cloudwatch.MathExpression({
    expression: 'lagSeconds * 1000',
    usingMetrics: {
      lagSeconds: new cloudwatch.Metric({
        namespace: 'AWS/Kafka',
        metricName: 'EstimatedMaxTimeLag',
        dimensionsMap: { 'Cluster Name': cluster.clusterName, 'Consumer Group': groupId, 'Topic': cluster.topicName },
        statistic: 'Maximum',
        period: MINUTE,
      }),
    },
    label: `EstimatedMaxTimeLag of ${groupId} (ms)`,
    period: MINUTE,
  });

  alarm('LatencyObjectiveAlarm', {
    metric: lag,
    threshold: o.latencyObjective.toMilliseconds(),
    comparisonOperator: GT,
    ...THREE_MINUTES,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: the reader stayed more than the ${o.latencyObjectiveText} latency objective ${LAG_SOURCE} `
      + 'for 3 minutes: records are processed later than promised. The handler is slow, failing and retrying, or throttled: '
      + `check its errors, duration and throttles, then ${SPEED_UP}`,
  });
  alarm('IteratorAgeAlarm', {
    metric: lag,
    // A quarter of the topic's 3-day retention.
    threshold: Duration.hours(18).toMilliseconds(),
    comparisonOperator: GT,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: data-loss backstop: the reader stayed more than 18 hours (records older than 54 hours go to the `
      + `failure destination unprocessed) ${LAG_SOURCE} for 5 minutes. Records are close to being given up on: the handler is `
      + `too slow or keeps failing: check its errors and duration, then ${SPEED_UP}`,
  });
  alarm('OffsetLagAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: 'RATE(offsetLag)',
      usingMetrics: { offsetLag: handler.metric('OffsetLag', { statistic: 'Maximum', period: MINUTE }) },
      label: 'OffsetLag growth (records per second)',
      period: MINUTE,
    }),
    threshold: 0,
    comparisonOperator: GT,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: Lambda's OffsetLag (records between the topic's end and the consumer group's position) grew `
      + 'in every one of 15 minutes in a row: records arrive faster than the handler processes them, and the lag will reach '
      + `the backstop. Check the handler's errors, duration and throttles, then ${SPEED_UP}`,
  });
  alarm('ErrorsAlarm', {
    metric: handler.metricErrors({ statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...THREE_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the handler failed in 3 minutes in a row. Each failed batch is retried and holds its partition; `
      + 'read the function\'s logs. Records given up on go to the failure destination.',
  });
  alarm('ThrottlesAlarm', {
    metric: handler.metricThrottles({ statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...THREE_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the handler was throttled in 3 minutes in a row, so partitions wait. `
      + 'Each partition needs one concurrent execution: raise the function\'s or the account\'s concurrency.',
  });
  alarm('FailureDeliveryAlarm', {
    metric: handler.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...AT_ONCE,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: Lambda could not record a given-up batch in the failure destination (DestinationDeliveryFailures), `
      + 'so its records are skipped without a trace. Check the destination exists and the function may write to it (and its key), '
      + `replay the records from the topic if it still has them, then ${SET_BACK_TO_OK}.`,
  });
  alarm('GivenUpRecordsAlarm', {
    metric: new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'OnFailureDestinationDeliveredEventCount',
      dimensionsMap: { EventSourceMappingUUID: mapping.eventSourceMappingId },
      statistic: 'Sum',
      period: MINUTE,
    }),
    threshold: 0,
    comparisonOperator: GT,
    ...AT_ONCE,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: Lambda gave up on records (after the retries or at 54 hours old) and sent them to the `
      + 'failure destination (OnFailureDestinationDeliveredEventCount). Each batch is an object under '
      + `s3://${failureBucket.bucketName}/aws/lambda/${mapping.eventSourceMappingId}/<shard id>/YYYY/MM/DD/, its records `
      + `in the payload field (the Lambda event, base64 data). Fix the cause, replay the records, then ${SET_BACK_TO_OK}: `
      + 'it stays in ALARM until then.',
  });
}

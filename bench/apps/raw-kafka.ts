/**
 * Variant (b) of the Kafka pair: the library's Kafka reference pipeline
 * (examples/kafka-pipeline.ts) written by hand with aws-cdk-lib only, in one stack:
 *
 * - network: the same VPC of isolated subnets in 3 Availability Zones with flow logs;
 * - the key and the on-call topic, which the alarms may publish to (raw-ingest.ts);
 * - the cluster (raw-kafka-cluster.ts) as `Payments/Kafka`, where the library's
 *   `StreamingPipeline` `Payments` builds its `KafkaBridge`: security group, configuration,
 *   broker logs, the provisioned cluster, its alarms, VPC endpoints, the `payments` topic,
 *   and the multi-VPC connectivity custom resource and cluster policy Firehose needs;
 * - processing (raw-kafka-consumer.ts): the payment check, an inline function, reading
 *   the topic through an MSK event source mapping with a failure bucket and alarms;
 * - storage: the access-logs bucket and the lake (raw-storage.ts' bucket and alarms,
 *   raw-lake-delivery.ts' Firehose with its role, here reading the topic);
 * - watching (raw-watch.ts), what the pipeline adds: `Payments/Dashboard` (a heading per
 *   layer, a graph per alarm) and the `Payments/MonthlyCost` stack output. The pipeline
 *   sends every alarm to the on-call topic through an aspect; here the cluster, the
 *   consumer and the lake give their alarms the action themselves, the same template.
 *
 * It deliberately imports nothing from src/ or examples/: what the library computes (the
 * MSK decision, the broker plan, partitions, thresholds, ARNs of topics and groups, the
 * pipeline's parts and their layers, the cost report's headline) is written out.
 * bench/check-equivalence.ts fails the benchmark if the two templates drift apart.
 */
import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { KAFKA_STACK_ID, REFERENCE_ENV } from './names';
import { allowAlarmsToPublish } from './raw-ingest';
import { addKafkaCluster } from './raw-kafka-cluster';
import { addKafkaConsumer } from './raw-kafka-consumer';
import { addLakeDelivery } from './raw-lake-delivery';
import { addDeliveryAlarms, addLakeBucket } from './raw-storage';
import { addPipelineWatch } from './raw-watch';
import { synthApp } from './synth-app';

/** A stack that takes the Region's first three Availability Zones at deploy, as the example's does. */
class RegionAzsStack extends Stack {
  public get availabilityZones(): string[] {
    return [0, 1, 2].map(i => Fn.select(i, Fn.getAzs()));
  }
}

synthApp(app => {
  const stack = new RegionAzsStack(app, KAFKA_STACK_ID, { env: REFERENCE_ENV });
  const key = new kms.Key(stack, 'ClusterKey', { description: 'Encrypts the brokers\' storage and logs, and the on-call topic', enableKeyRotation: true });
  const onCall = new sns.Topic(stack, 'OnCall', { masterKey: key, enforceSSL: true });
  const page = new cloudwatchActions.SnsAction(onCall);

  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [{ name: 'brokers', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  vpc.addFlowLog('FlowLogs', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogGroup', {
      retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key,
    })),
  });

  // The library's pipeline, which decides MSK and builds the cluster as its `Kafka`.
  const payments = new Construct(stack, 'Payments');
  const cluster = addKafkaCluster(payments, 'Kafka', { vpc, key, action: page });

  const check = new lambda.Function(stack, 'PaymentCheck', {
    description: 'Checks each payment as it arrives',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline([
      'exports.handler = async (event) => {',
      '  for (const records of Object.values(event.records)) {',
      '    for (const record of records) JSON.parse(Buffer.from(record.value, "base64").toString("utf8"));',
      '  }',
      '};',
    ].join('\n')),
    timeout: Duration.seconds(30),
  });
  Validations.of(check.role!).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; topic access is granted by the consumer.',
  });
  addKafkaConsumer(stack, 'PaymentCheckConsumer', {
    cluster,
    handler: check,
    groupId: 'payment-check',
    latencyObjective: Duration.minutes(1),
    latencyObjectiveText: '1 minute',
    action: page,
  });

  const accessLogs = new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
  });
  Validations.of(accessLogs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket receives the lake\'s server access logs; logging it to itself would loop.',
  });
  const lake = new Construct(stack, 'Lake');
  const bucket = addLakeBucket(lake, accessLogs, false);
  const deliveryStream = addLakeDelivery(lake, {
    msk: {
      clusterArn: cluster.clusterArn,
      topicName: cluster.topicName,
      topicArn: cluster.topicArn,
      anyGroupArn: cluster.groupArn('*'),
      prerequisites: [...cluster.firehoseAccess(), cluster.topic],
    },
    bucket,
    dataFolder: 'payments/',
  });
  addDeliveryAlarms(lake, deliveryStream, page);

  // Last, as the library's aspect adds them: after the key's grant to CloudWatch Logs.
  allowAlarmsToPublish(onCall, key);

  addPipelineWatch(payments, {
    dashboardName: 'payments-pipeline',
    parts: [
      { path: 'Payments/Kafka', service: 'MSK cluster', layer: 'Ingest' },
      { path: 'PaymentCheckConsumer', service: 'Lambda', layer: 'Processing' },
      { path: 'Lake', service: 'Firehose to S3', layer: 'Storage' },
    ],
    // The library's price lists (us-east-1) at the workload's peak, worked out once.
    monthlyCost: '$6,728.55 a month at peak; largest: Payments/Kafka storage $2,278.20 (34%), '
      + 'Lake Firehose data ingested $2,232.77 (33%), Lake S3 storage added each month $1,770.82 (26%); not priced: PaymentCheckConsumer',
  });
});

import { Duration, Fn, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { accessLogsBucket } from './access-logs-bucket';
import { ArchiveToLake, KafkaBridge, KafkaTopic, ShardConsumer, StreamingPipeline } from '../src';

/**
 * The reference architecture's MSK track as one stack: a team that already speaks Kafka
 * sends payments to a cluster sized from its workload, checks each payment with a
 * Lambda function per partition, and archives every payment to the S3 lake.
 *
 * - Network: a VPC of isolated subnets in 3 Availability Zones, with flow logs; the
 *   bridge adds the endpoints its readers need (Lambda, STS, S3).
 * - Ingest: a `StreamingPipeline` decides MSK from the team's needs (the Kafka protocol) and
 *   builds a `KafkaBridge` planned from 30 MiB/s in, read by 3 consumer groups, kept 3 days;
 *   the `payments` topic takes its partitions from the plan. Every alarm pages on-call.
 * - Processing: the payment check reads as its own consumer group.
 * - Storage: Firehose reads the topic through the cluster's private connectivity into the lake.
 */
export class KafkaPipelineStack extends Stack {
  public readonly pipeline: StreamingPipeline;
  public readonly bridge: KafkaBridge;
  public readonly payments: KafkaTopic;
  public readonly paymentCheck: ShardConsumer;
  public readonly lake: ArchiveToLake;

  /**
   * The Region's first three Availability Zones, resolved at deploy: a stack with an
   * account and Region would otherwise look them up (or write placeholders into the template).
   */
  public get availabilityZones(): string[] {
    return [0, 1, 2].map(i => Fn.select(i, Fn.getAzs()));
  }

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'ClusterKey', { description: 'Encrypts the brokers\' storage and logs, and the on-call topic', enableKeyRotation: true });
    const onCall = new sns.Topic(this, 'OnCall', { masterKey: key, enforceSSL: true });
    const page = new cloudwatchActions.SnsAction(onCall);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [{ name: 'brokers', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogGroup', {
        retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key,
      })),
    });

    // The team needs the Kafka protocol: the decision table picks MSK, and the pipeline plans the
    // brokers for 30 MiB/s read by 3 consumer groups and kept 3 days, with a `payments` topic.
    this.pipeline = new StreamingPipeline(this, 'Payments', {
      requirements: {
        kafkaProtocol: true,
        replay: Duration.days(3),
        independentConsumers: 3,
        workload: { ingestMibPerSecond: 30 },
      },
      kafkaOptions: { vpc, encryptionKey: key },
      topicName: 'payments',
      alarmAction: page,
      dashboardName: 'payments-pipeline',
    });
    this.bridge = this.pipeline.bridge!;
    this.payments = this.pipeline.source as KafkaTopic;

    const check = new lambda.Function(this, 'PaymentCheck', {
      description: 'Checks each payment as it arrives',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      // A stand-in for the team's code, inline so that synth needs no build.
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
    this.paymentCheck = new ShardConsumer(this, 'PaymentCheckConsumer', {
      source: this.payments,
      handler: check,
      readerName: 'payment-check',
      latencyObjective: Duration.minutes(1),
    });

    const accessLogs = accessLogsBucket(this, 'AccessLogs');
    this.lake = new ArchiveToLake(this, 'Lake', {
      source: this.payments,
      readerName: 'payments-lake',
      prefix: 'payments/',
      accessLogsBucket: accessLogs,
    });
  }
}

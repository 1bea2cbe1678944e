import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';
import type { KafkaTopic } from './kafka-topic';
import { ReaderService } from './vpc-endpoints';
import { FirehoseSourceConfiguration, IReaderBinding, JobNetwork, LambdaSourceConfiguration, ReaderGrantOptions } from '../source/reader-binding';

/** MSK publishes consumer lag per minute. */
const PER_MINUTE = Duration.minutes(1);
/** What the AWS-managed `AWSLambdaMSKExecutionRole` grants for the pollers' network interfaces; EC2 cannot scope them. */
const POLLER_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
];
/** Firehose's "earliest" start position for an MSK source: the epoch. */
const EARLIEST = '1970-01-01T00:00:00Z';
/** Services a failure destination or a job's sink may be, as `reachService()` accepts them. */
const DESTINATION_SERVICES: ReaderService[] = ['s3', 'sqs', 'sns', 'kinesis', 'dynamodb', 'glue'];

/**
 * A reader's binding to a Kafka topic: the reader is its own consumer group, named after it.
 *
 * Lambda reads with an MSK event source mapping whose pollers run in the cluster's
 * subnets with its security group; Firehose reads through the cluster's multi-VPC
 * private connectivity; a job connects to the IAM bootstrap brokers.
 */
export class KafkaReaderBinding implements IReaderBinding {
  public readonly resource: IConstruct;
  private groupClaimed = false;

  constructor(private readonly topic: KafkaTopic, private readonly groupId: string, private readonly reader: Construct) {
    this.resource = topic;
  }

  /** The topic's records as this reader's consumer group, and the schema if asked. */
  public grantRead(grantee: iam.IGrantable, options: ReaderGrantOptions = {}): iam.Grant {
    return this.topic._grantRead(grantee, this.groupId, options.includeSchema ?? false);
  }

  /**
   * An MSK event source mapping on the topic as this reader's group, with provisioned
   * pollers: Lambda applies retries, bisecting, maximum record age and partial batch
   * responses to Kafka mappings in provisioned mode only. Lambda's pollers call Lambda
   * and STS from the cluster's subnets, which get VPC endpoints for them.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html
   * @see https://docs.aws.amazon.com/lambda/latest/dg/with-msk-permissions.html
   * @see https://docs.aws.amazon.com/lambda/latest/dg/with-msk-cluster-network.html
   */
  public lambdaSource(): LambdaSourceConfiguration {
    const bridge = this.topic.bridge;
    // Lambda's pollers call Lambda and STS from the brokers' subnets.
    const endpoints = [bridge._reachService('lambda'), bridge._reachService('sts')].filter((e): e is IDependable => e !== undefined);
    this.claimGroup();
    return {
      eventSourceArn: bridge.clusterArn,
      kafkaTopic: this.topic.topicName,
      kafkaConsumerGroupId: this.groupId,
      provisionedPollers: { minimumPollers: 1 },
      lambdaReportsRecordAge: false,
      lambdaReportsOffsetLag: true,
      unsupportedSettings: ['parallelizationFactor', 'tumblingWindow'],
      mappingStatements: [
        new iam.PolicyStatement({
          actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
          resources: [bridge.clusterArn],
        }),
        new iam.PolicyStatement({ actions: POLLER_NETWORK_ACTIONS, resources: ['*'] }),
      ],
      prerequisites: [...this.topicCreated(), ...endpoints],
    };
  }

  /**
   * A VPC endpoint for the service in the cluster's VPC (Lambda requires one for a Kafka
   * mapping's failure destination; a job in the brokers' subnets reaches its sinks so).
   */
  public reachService(service: string, client?: ec2.IConnectable): IDependable | undefined {
    if (!DESTINATION_SERVICES.includes(service as ReaderService)) {
      throw new Error(`reachService() takes one of ${DESTINATION_SERVICES.join(', ')}, got '${service}'`);
    }
    return this.topic.bridge._reachService(service as ReaderService, client);
  }

  /** A job connects to the brokers from their own VPC and subnets. */
  public jobNetwork(): JobNetwork {
    const bridge = this.topic.bridge;
    return { vpc: bridge.vpc, vpcSubnets: bridge.vpcSubnets };
  }

  /** Opens the brokers' security groups to the job on the IAM port (9098). */
  public allowJob(job: ec2.IConnectable): void {
    const path = job instanceof Construct ? job.node.path : this.reader.node.path;
    this.topic.bridge.connections.allowDefaultPortFrom(job, `Kafka clients (IAM, TLS) from ${path}`);
  }

  /**
   * Firehose reads the topic through the cluster's multi-VPC private connectivity, which
   * the bridge turns on (and waits for) on first use, with a cluster policy for Firehose.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#access-to-msk
   */
  public firehoseSource(roleArn: string): FirehoseSourceConfiguration {
    const bridge = this.topic.bridge;
    const prerequisites = bridge._firehoseAccess(this.reader);
    const arns = bridge._arns;
    return {
      deliveryStreamType: 'MSKAsSource',
      mskSourceConfiguration: {
        mskClusterArn: bridge.clusterArn,
        topicName: this.topic.topicName,
        authenticationConfiguration: { connectivity: 'PRIVATE', roleArn },
        // Firehose starts at the moment it becomes active unless told otherwise: records written
        // before (while the connectivity update ran, or before the lake was added) would never
        // reach the lake. The epoch is the documented way to read from the earliest record kept.
        readFromTimestamp: EARLIEST,
      },
      readStatements: [
        new iam.PolicyStatement({
          actions: ['kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka-cluster:Connect'],
          resources: [bridge.clusterArn],
        }),
        new iam.PolicyStatement({
          actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:ReadData'],
          resources: [this.topic.topicArn],
        }),
        new iam.PolicyStatement({ actions: ['kafka-cluster:DescribeGroup'], resources: [arns.group('*')] }),
      ],
      wildcardReason: 'Firehose reads the topic as a consumer group it names itself, so the group ARN ends in *; '
        + 'the only action on it is kafka-cluster:DescribeGroup, on this cluster\'s groups.',
      prerequisites: [...prerequisites, ...this.topicCreated()],
    };
  }

  /**
   * What a job connects with: `source.type` (`kafka`), `bootstrap.servers` (IAM, 9098),
   * `topic`, `group.id`, `aws.region`, and the IAM client settings of the MSK IAM auth
   * library (`security.protocol`, `sasl.mechanism`, `sasl.jaas.config`,
   * `sasl.client.callback.handler.class`): a job can pass them to its Kafka client as they are.
   *
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html
   */
  public jobProperties(): { [key: string]: string } {
    const bridge = this.topic.bridge;
    this.claimGroup();
    return {
      'source.type': 'kafka',
      'bootstrap.servers': bridge.bootstrapBrokers,
      'topic': this.topic.topicName,
      'group.id': this.groupId,
      'aws.region': Stack.of(bridge).region,
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    };
  }

  /**
   * How far this group is behind the topic, in milliseconds: MSK's `EstimatedMaxTimeLag`
   * (by `Cluster Name`, `Consumer Group` and `Topic`: its estimate, in seconds, of the time
   * the group needs to consume its largest partition lag, the nearest MSK publishes to the
   * age of the oldest unread record) × 1,000.
   * Maximum over 1 minute by default.
   *
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
   */
  public metricReaderLag(props: cloudwatch.MetricOptions = {}): cloudwatch.IMetric {
    const seconds = this.topic.bridge._metrics.estimatedMaxTimeLag(this.groupId, this.topic.topicName, props);
    return new cloudwatch.MathExpression({
      expression: 'lagSeconds * 1000',
      usingMetrics: { lagSeconds: seconds },
      label: `EstimatedMaxTimeLag of ${this.groupId} (ms)`,
      period: props.period ?? PER_MINUTE,
    });
  }

  /** The topic, when the stack creates it: nothing reads a topic that does not exist yet (no auto-creation). */
  private topicCreated(): IDependable[] {
    return this.topic.resource ? [this.topic.resource] : [];
  }

  /**
   * Records the reader's group with the bridge when the reader reads as that group (Lambda,
   * a job); Firehose reads as a group of its own naming, so binding alone claims nothing.
   */
  private claimGroup(): void {
    if (!this.groupClaimed) {
      this.topic.bridge._claimConsumerGroup(this.reader, this.groupId);
      this.groupClaimed = true;
    }
  }
}

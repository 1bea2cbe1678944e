import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { KafkaVersion } from './kafka-version';
import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';
import { KafkaInstanceType } from '../planning/msk/kafka-instance-type';
import { KafkaPriceList } from '../planning/msk/kafka-price-list';
import { KafkaWorkload } from '../planning/msk/kafka-workload';

/**
 * An MSK cluster that already exists, for `KafkaBridgeProps.cluster`. It must use IAM
 * client authentication (the library grants access through IAM only).
 */
export interface ExistingKafkaCluster {
  /** ARN of the cluster: `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`. */
  readonly clusterArn: string;

  /**
   * The cluster's IAM bootstrap brokers (`BootstrapBrokerStringSaslIam`, port 9098), for
   * jobs and connectors that connect by address.
   */
  readonly bootstrapBrokers: string;

  /** The VPC of the brokers. */
  readonly vpc: ec2.IVpc;

  /**
   * The brokers' subnets, where Lambda and MSK Connect reach the cluster from.
   * @default - the VPC's private subnets, one per Availability Zone
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /** The brokers' security groups; readers are allowed in through them. */
  readonly securityGroups: ec2.ISecurityGroup[];

  /**
   * The cluster's Kafka version: `addTopic()` needs 3.6 or newer to create topics with CloudFormation.
   * @default - unknown: `addTopic()` is refused, `topic()` works
   */
  readonly kafkaVersion?: KafkaVersion;

  /**
   * Whether it is an MSK Serverless cluster.
   * @default false
   */
  readonly serverless?: boolean;

  /**
   * The brokers' type, which decides the alarm set (Express brokers publish throttling, not disk or replication metrics).
   * @default KafkaBrokerType.STANDARD
   */
  readonly brokerType?: KafkaBrokerType;

  /**
   * Multi-VPC private connectivity with IAM is on for the cluster, and its cluster policy
   * lets `firehose.amazonaws.com` call `kafka:CreateVpcConnection`: what Firehose
   * (`ArchiveToLake`) needs to read it. The bridge sets both up only on a cluster it creates.
   * @default false - `ArchiveToLake` on its topics is refused
   */
  readonly firehoseReady?: boolean;

  /**
   * Number of brokers, for the per-broker CPU alarms (broker ids 1 to this).
   * @default - unknown: the CPU alarm watches the busiest broker's CpuUser through a Metrics Insights query
   */
  readonly brokerCount?: number;
}

/** Properties of a `KafkaBridge`. */
export interface KafkaBridgeProps {
  /**
   * The VPC for a new cluster's brokers. Required unless `cluster` is given.
   * @default - none
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnets of a new cluster's brokers: 2 or 3 in distinct Availability Zones (3 for
   * Express brokers; 2 to 5 for Serverless).
   * @default - the VPC's private subnets, one per Availability Zone
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The throughput the cluster must carry: the brokers (type, size, count, storage) and
   * the topics' partitions are planned from it, and `plan` explains and prices them.
   * @default - no plan: give `instanceType` and `brokerCount`
   */
  readonly workload?: KafkaWorkload;

  /**
   * Standard brokers (EBS storage you size) or Express brokers (storage as used, 3 AZs,
   * replication fixed at 3).
   * @default - `instanceType`'s type, else KafkaBrokerType.STANDARD
   */
  readonly brokerType?: KafkaBrokerType;

  /**
   * The broker size.
   * @default - the cheapest that carries `workload`
   */
  readonly instanceType?: KafkaInstanceType;

  /**
   * Number of brokers, a multiple of the subnet count.
   * @default - the count `workload` needs
   */
  readonly brokerCount?: number;

  /**
   * EBS storage of each Standard broker, 1–16,384 GiB.
   * @default - planned from `workload` (ingress × retention × replication ÷ brokers, with headroom); 1,000 GiB without one
   */
  readonly storageGibPerBroker?: number;

  /**
   * Kafka version of a new cluster.
   * @default KafkaVersion.V3_8_X
   */
  readonly kafkaVersion?: KafkaVersion;

  /**
   * Create an MSK Serverless cluster instead of brokers: capacity as used, IAM only,
   * no CloudFormation topics (`addTopic()` is refused; create topics with a Kafka admin
   * client and read them with `topic()`).
   * @default false
   */
  readonly serverless?: boolean;

  /**
   * Use this cluster instead of creating one.
   * @default - a new cluster
   */
  readonly cluster?: ExistingKafkaCluster;

  /**
   * Name of a new cluster: 1–64 letters, digits and hyphens.
   * @default - a name unique in the account, derived from the construct path
   */
  readonly clusterName?: string;

  /**
   * KMS key for a new cluster's storage and its broker log group.
   * @default - an AWS-managed key for the storage, CloudWatch Logs' own encryption for the logs
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Security groups of a new cluster's brokers.
   * @default - a new group that admits itself on the IAM port (9098), for Lambda's pollers and MSK Connect's workers, which use the cluster's group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Create the VPC endpoints the cluster's readers need in its VPC: Lambda's event
   * pollers run in the brokers' subnets and call Lambda and STS, and Lambda documents
   * that an on-failure destination (S3, SQS, SNS) must be reachable through a VPC
   * endpoint there. Turn it off when the VPC already has them: a second interface
   * endpoint with private DNS for the same service fails at deploy.
   * @default true
   */
  readonly createVpcEndpoints?: boolean;

  /**
   * How long a new cluster's broker logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to a new cluster, its configuration and its log group when removed
   * from the stack. The cluster holds every unread record: retained by default.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Prices the plan uses.
   * @default - us-east-1 list prices
   */
  readonly prices?: KafkaPriceList;

  /**
   * Create the cluster's alarms.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * Action for every alarm of the bridge (its readers take their own), on ALARM and on OK.
   * @default - no action
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

import { Annotations, Aspects, Lazy, Names, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IDependable } from 'constructs';
import { checkExistingCluster, checkNoNewClusterProps, checkStorage, checkSubnetCount } from './bridge-checks';
import { createKafkaClusterAlarms } from './cluster-alarms';
import { KafkaClusterMetrics } from './cluster-metrics';
import { firehoseClusterPolicy } from './firehose-cluster-policy';
import { KafkaArns, clusterNameOf } from './kafka-arns';
import { KafkaBridgeProps } from './kafka-bridge-props';
import { checkClusterName } from './kafka-names';
import { KafkaS3Sink } from './kafka-s3-sink';
import { KafkaS3SinkProps } from './kafka-s3-sink-props';
import { KafkaTopic } from './kafka-topic';
import { ExistingTopicProps, KafkaTopicProps } from './kafka-topic-props';
import { KafkaVersion } from './kafka-version';
import { allowMultiVpcClients, MultiVpcConnectivity } from './multi-vpc-connectivity';
import { createProvisionedCluster } from './provisioned-cluster';
import { ClusterVpcEndpoints, ReaderService } from './vpc-endpoints';
import { checkKnown } from '../common/checks';
import { fail, InputError, withPath } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { capacityOf } from '../planning/msk/broker-needs';
import { BrokerPlan } from '../planning/msk/broker-plan';
import { BrokerSizing } from '../planning/msk/broker-sizing';
import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';
import { KafkaInstanceType } from '../planning/msk/kafka-instance-type';
import { ServerlessPlan } from '../planning/msk/serverless-plan';

/** Kafka's port for IAM-authenticated TLS clients inside the VPC. */
const IAM_PORT = 9098;
/** Storage of a Standard broker without a workload to plan it from: MSK console's default. */
const DEFAULT_STORAGE_GIB = 1000;
/** Serverless clusters take 2 to 5 subnets. */
const SERVERLESS_SUBNETS = { min: 2, max: 5 };

/**
 * The reference architecture's MSK ingest: an Amazon MSK cluster sized from the workload
 * (or an existing one), its topics, and everything its readers need to reach it.
 *
 * A new cluster is secure by default: IAM client authentication only, TLS in transit
 * and between brokers, storage encrypted, broker logs kept, and a configuration that
 * loses nothing (no topic auto-creation, replication factor 3, `min.insync.replicas` 2,
 * no unclean leader election). Topics are created with CloudFormation (`addTopic()`) or
 * named when they exist (`topic()`); each is an `IStreamSource` that `ShardConsumer` and
 * `ArchiveToLake` read like a Kinesis stream. The alarms are dimensioned by the literal
 * `Cluster Name` MSK publishes under, so they can fire.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * const bridge = new KafkaBridge(this, 'Orders', {
 *   vpc,
 *   workload: { ingestMibPerSecond: 20, consumerGroups: 2 },
 * });
 * const orders = bridge.addTopic('orders');
 */
export class KafkaBridge extends Construct {
  /** ARN of the cluster. */
  public readonly clusterArn: string;
  /** Name of the cluster, as MSK's metrics are dimensioned (`Cluster Name`). */
  public readonly clusterName: string;
  /** The brokers' VPC. */
  public readonly vpc: ec2.IVpc;
  /** The brokers' subnets. */
  public readonly vpcSubnets: ec2.SubnetSelection;
  /** The brokers' security groups: allow clients in with `connections.allowDefaultPortFrom()` (port 9098, IAM over TLS). */
  public readonly connections: ec2.Connections;
  /** Whether the cluster is MSK Serverless. */
  public readonly serverless: boolean;
  /**
   * The brokers' type.
   * @default - none: a Serverless cluster
   */
  public readonly brokerType?: KafkaBrokerType;
  /**
   * The cluster's Kafka version.
   * @default - unknown (an existing cluster imported without it)
   */
  public readonly kafkaVersion?: KafkaVersion;
  /**
   * The broker plan: type, size, count and storage, why, and what they cost.
   * @default - none: no `workload` was given, or the cluster exists or is Serverless
   */
  public readonly plan?: BrokerPlan;
  /**
   * Whether the workload fits one Serverless cluster's quotas, and why.
   * @default - none: not a new Serverless cluster with a workload
   */
  public readonly serverlessPlan?: ServerlessPlan;
  /**
   * The provisioned cluster created.
   * @default - none: the cluster exists, or is Serverless
   */
  public readonly cluster?: msk.CfnCluster;
  /**
   * The Serverless cluster created.
   * @default - none: the cluster exists, or is provisioned
   */
  public readonly serverlessCluster?: msk.CfnServerlessCluster;
  /** Number of brokers, when known. @default - unknown (Serverless, or an existing cluster imported without it) */
  public readonly brokerCount?: number;
  /** The instance type of the brokers, when known. @default - unknown */
  public readonly instanceType?: KafkaInstanceType;

  private readonly arns: KafkaArns;
  /** @internal */
  public readonly _metrics: KafkaClusterMetrics;
  private readonly alarmFactory: AlarmFactory;
  private readonly topicsByName = new Map<string, KafkaTopic>();
  private readonly groups = new Map<string, string>();
  private readonly endpoints?: ClusterVpcEndpoints;
  private readonly existingBootstrap?: string;
  private bootstrap?: string;
  private firehoseAccess?: IDependable[];
  private readonly existingFirehoseReady: boolean;
  private readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: KafkaBridgeProps = {}) {
    super(scope, id);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    const existing = props.cluster;
    if (existing) {
      checkNoNewClusterProps(this, props);
      withPath(this, () => checkExistingCluster(existing));
      this.vpc = existing.vpc;
      this.vpcSubnets = existing.vpcSubnets ?? { onePerAz: true };
      this.connections = new ec2.Connections({ securityGroups: existing.securityGroups, defaultPort: ec2.Port.tcp(IAM_PORT) });
      this.clusterArn = existing.clusterArn;
      this.clusterName = clusterNameOf(existing.clusterArn);
      this.serverless = existing.serverless ?? false;
      this.brokerType = this.serverless ? undefined : existing.brokerType ?? KafkaBrokerType.STANDARD;
      this.kafkaVersion = existing.kafkaVersion;
      this.brokerCount = existing.brokerCount;
      this.existingBootstrap = existing.bootstrapBrokers;
      this.existingFirehoseReady = existing.firehoseReady ?? false;
    } else {
      if (!props.vpc) {
        fail(this, '`vpc` is required for a new cluster: give the VPC for its brokers, or `cluster` to use an existing one');
      }
      this.existingFirehoseReady = false;
      this.encryptionKey = props.encryptionKey;
      this.vpc = props.vpc;
      this.vpcSubnets = props.vpcSubnets ?? { onePerAz: true };
      const securityGroups = props.securityGroups ?? [this.newSecurityGroup()];
      this.connections = new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcp(IAM_PORT) });
      this.clusterName = props.clusterName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
      withPath(this, () => checkClusterName(this.clusterName));
      const subnetIds = this.vpc.selectSubnets(this.vpcSubnets).subnetIds;
      const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
      if (props.serverless) {
        this.serverless = true;
        checkSubnetCount(this, subnetIds, SERVERLESS_SUBNETS.min, SERVERLESS_SUBNETS.max, 'a Serverless cluster');
        for (const name of ['brokerType', 'instanceType', 'brokerCount', 'storageGibPerBroker', 'kafkaVersion', 'encryptionKey'] as const) {
          if (props[name] !== undefined) {
            fail(this, `\`${name}\` does not apply to a Serverless cluster, which has no brokers to choose and encrypts with an AWS-managed key, `
              + `got ${describeValue(props[name])}: remove it`);
          }
        }
        this.serverlessPlan = props.workload ? withPath(this, () => BrokerSizing.planServerless(props.workload!)) : undefined;
        const serverless = new msk.CfnServerlessCluster(this, 'Resource', {
          clusterName: this.clusterName,
          clientAuthentication: { sasl: { iam: { enabled: true } } },
          vpcConfigs: [{ subnetIds, securityGroups: securityGroups.map(g => g.securityGroupId) }],
        });
        serverless.applyRemovalPolicy(removalPolicy);
        this.serverlessCluster = serverless;
        this.clusterArn = serverless.attrArn;
      } else {
        this.serverless = false;
        const zones = subnetIds.length;
        // Subnets first: the planner would name its own option (availabilityZones), not the prop to change.
        const expressAsked = (props.brokerType ?? props.instanceType?.brokerType) === KafkaBrokerType.EXPRESS;
        checkSubnetCount(this, subnetIds, expressAsked ? 3 : 2, 3, expressAsked ? 'Express brokers' : 'a provisioned cluster');
        const plan = withPath(this, () => planBrokers(props, zones));
        this.plan = plan.plan;
        this.brokerType = plan.brokerType;
        this.instanceType = plan.instanceType;
        this.brokerCount = plan.brokerCount;
        const express = this.brokerType === KafkaBrokerType.EXPRESS;
        this.kafkaVersion = props.kafkaVersion ?? KafkaVersion.V3_8_X;
        if (!this.kafkaVersion.isWellFormed) {
          fail(this, `\`kafkaVersion\` must be an MSK version such as '3.8.x', '3.6.0' or '3.7.x.kraft', got '${this.kafkaVersion.version}'`);
        }
        if (express && !this.kafkaVersion.isAtLeast(3, 6)) {
          fail(this, `\`kafkaVersion\` must be 3.6 or newer for Express brokers, got '${this.kafkaVersion.version}'`);
        }
        const cluster = createProvisionedCluster(this, {
          clusterName: this.clusterName,
          kafkaVersion: this.kafkaVersion,
          brokerType: this.brokerType,
          instanceType: this.instanceType,
          brokerCount: this.brokerCount,
          storageGibPerBroker: express ? undefined : plan.storageGibPerBroker,
          replicationFactor: this.plan?.workload.replicationFactor ?? 3,
          subnetIds,
          securityGroups,
          encryptionKey: props.encryptionKey,
          logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
          removalPolicy,
        });
        this.cluster = cluster;
        this.clusterArn = cluster.attrArn;
      }
    }
    this.arns = new KafkaArns(this.clusterArn);
    this._metrics = new KafkaClusterMetrics(this.clusterName, this.brokerIds());
    if (props.createAlarms ?? true) {
      withPath(this, () => createKafkaClusterAlarms(this.alarmFactory, {
        label: `Kafka cluster ${this.node.path}`,
        clusterName: this.clusterName,
        clusterKind: this.serverless ? 'SERVERLESS' : this.brokerType === KafkaBrokerType.EXPRESS ? 'EXPRESS' : 'STANDARD',
        brokerIds: this.serverless ? undefined : this.brokerIds(),
        metadataMode: this.kafkaVersion ? (this.kafkaVersion.isKraft ? 'KRAFT' : 'ZOOKEEPER') : undefined,
      }));
    }
    if (props.createVpcEndpoints ?? true) {
      this.endpoints = new ClusterVpcEndpoints(this, 'Endpoints', this.vpc, this.vpcSubnets, this.connections);
    }
    this.node.addValidation({ validate: () => this.checkPartitionsPerBroker() });
    // Readers bind after the bridge is made: count them once the app is complete.
    Aspects.of(this).add({ visit: node => node === this && this.warnIfReadersExceedPlan() });
  }

  /** The bridge's alarms (its topics' readers have their own). */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /** The topics added or named so far. */
  public get topics(): KafkaTopic[] {
    return [...this.topicsByName.values()];
  }

  /**
   * The brokers' IAM bootstrap string (`host:9098,…`), for jobs and connectors that
   * connect by address. For a new cluster it is read after deploy by a custom resource
   * (`GetBootstrapBrokers`), created on first use.
   */
  public get bootstrapBrokers(): string {
    if (this.existingBootstrap) {
      return this.existingBootstrap;
    }
    if (!this.bootstrap) {
      const call: cr.AwsSdkCall = {
        service: 'Kafka',
        action: 'getBootstrapBrokers',
        parameters: { ClusterArn: this.clusterArn },
        physicalResourceId: cr.PhysicalResourceId.of(this.clusterArn),
        outputPaths: ['BootstrapBrokerStringSaslIam'],
      };
      const lookup = new cr.AwsCustomResource(this, 'BootstrapBrokers', {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.clusterArn] }),
        installLatestAwsSdk: false,
      });
      // The lookup runs in aws-cdk-lib's one AwsCustomResource function of the stack, whose role this is.
      const lookupRole = lookup.grantPrincipal;
      if (Construct.isConstruct(lookupRole)) {
        Validations.of(lookupRole).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'aws-cdk-lib gives its AwsCustomResource function (shared by the stack\'s AwsCustomResources, among them the bridge\'s '
            + 'bootstrap-broker lookup) AWSLambdaBasicExecutionRole, which only lets it write its own logs; each resource\'s SDK calls '
            + 'are granted by a policy of its own (the lookup\'s: kafka:GetBootstrapBrokers on this cluster).',
        });
      }
      this.bootstrap = lookup.getResponseField('BootstrapBrokerStringSaslIam');
    }
    return this.bootstrap;
  }

  /** A short account of the plan for logs and reports; resolves at synth, after every topic is added. */
  public get planSummary(): string | undefined {
    const summary = this.plan?.summary ?? this.serverlessPlan?.summary;
    return summary === undefined ? undefined : Lazy.string({ produce: () => summary });
  }

  /**
   * Creates a topic with CloudFormation (`AWS::MSK::Topic`): a provisioned cluster on
   * Kafka 3.6 or newer only. Partitions come from `partitions`, the topic's workload or
   * the bridge's plan, and at least the parallelism of its readers; they can only grow.
   */
  public addTopic(topicName: string, props: KafkaTopicProps = {}): KafkaTopic {
    return new KafkaTopic(this, topicName, { ...props, bridge: this, topicName });
  }

  /** A topic that already exists on the cluster, to read and write. */
  public topic(topicName: string, props: ExistingTopicProps = {}): KafkaTopic {
    return new KafkaTopic(this, topicName, { ...props, bridge: this, topicName, existing: true });
  }

  /**
   * Copies topics of this cluster to S3 with MSK Connect, running the S3 sink connector
   * plugin you supply (AWS ships none). The workers run in the brokers' subnets with
   * their security groups, authenticate with IAM over TLS, and reach S3 through a
   * gateway endpoint.
   */
  public addS3Sink(id: string, props: KafkaS3SinkProps): KafkaS3Sink {
    return new KafkaS3Sink(this, id, { ...props, bridge: this });
  }

  /** Permits connecting to the cluster and describing it (`kafka-cluster:Connect`, `DescribeCluster`). */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      resourceArns: [this.arns.cluster()],
    });
  }

  /**
   * ARNs of the cluster's topics, groups and transactional ids, for grants.
   * @internal
   */
  public get _arns(): KafkaArns {
    return this.arns;
  }

  /**
   * Records a topic of the cluster, refusing a second one of the same name and, for a
   * topic to create, a cluster CloudFormation cannot create topics on.
   * @internal
   */
  public _registerTopic(topic: KafkaTopic, create: boolean): void {
    const name = topic.topicName;
    if (this.topicsByName.has(name)) {
      fail(topic, `topic '${name}' was already added to ${this.node.path}: keep the KafkaTopic the first call returned`);
    }
    if (create && this.serverless) {
      fail(topic, `cannot create topic '${name}': CloudFormation cannot create topics on MSK Serverless (AWS::MSK::Topic is for provisioned `
        + 'clusters): create it with a Kafka admin client (kafka-topics.sh --create, or your producer\'s AdminClient) and read it with `topic()`');
    }
    if (create && !this.kafkaVersion) {
      fail(topic, `cannot create topic '${name}' without the cluster's Kafka version (3.6 or newer for AWS::MSK::Topic): `
        + 'give `kafkaVersion` in `cluster`, or use `topic()` for a topic that exists');
    }
    if (create && !this.kafkaVersion!.isAtLeast(3, 6)) {
      fail(topic, `cannot create topic '${name}': AWS::MSK::Topic needs Kafka 3.6 or newer, got '${this.kafkaVersion!.version}': `
        + 'upgrade the cluster, or create the topic with a Kafka admin client and read it with `topic()`');
    }
    this.topicsByName.set(name, topic);
  }

  /**
   * Records that `path` reads as consumer group `groupId`: Lambda refuses two mappings
   * with one group id on a cluster, and two readers in one group would split the records.
   * @internal
   */
  public _claimConsumerGroup(scope: Construct, groupId: string): void {
    const taken = this.groups.get(groupId);
    if (taken) {
      fail(scope, `consumer group '${groupId}' already reads ${this.node.path} for ${taken}: each reader needs its own group `
        + '(give it another `readerName`)');
    }
    this.groups.set(groupId, scope.node.path);
  }

  /**
   * Makes an AWS service reachable from the brokers' subnets for readers that call it
   * from there (Lambda's pollers, their failure destinations, a job's sinks), opened to
   * `client` too when given.
   * @internal
   */
  public _reachService(service: ReaderService, client?: ec2.IConnectable): IDependable | undefined {
    return this.endpoints?.ensure(service, client);
  }

  /**
   * What a Firehose delivery stream reading the cluster must wait for.
   * @internal
   */
  public _firehoseAccess(scope: Construct): IDependable[] {
    if (this.serverless) {
      fail(scope, `Firehose cannot read ${this.node.path}: it reads MSK privately through multi-VPC connectivity, which MSK Serverless `
        + 'clusters do not offer. Use a provisioned cluster, or `addS3Sink()` (MSK Connect) to archive the topic');
    }
    if (!this.cluster) {
      if (this.existingFirehoseReady) {
        return [];
      }
      fail(scope, `Firehose reads ${this.node.path} through multi-VPC private connectivity (IAM) and a cluster policy that lets `
        + 'firehose.amazonaws.com call kafka:CreateVpcConnection: the bridge sets them up only on a cluster it creates. Turn both on for '
        + 'your cluster (a cluster has one policy, which the bridge must not overwrite), then set `firehoseReady: true` in `cluster`');
    }
    if (this.kafkaVersion && !this.kafkaVersion.isAtLeast(2, 7)) {
      fail(scope, `Firehose reads ${this.node.path} through multi-VPC private connectivity, which needs Kafka 2.7.1 or newer, `
        + `got '${this.kafkaVersion.version}': upgrade \`kafkaVersion\``);
    }
    if (!this.firehoseAccess) {
      const connectivity = new MultiVpcConnectivity(this, 'MultiVpcConnectivity', {
        clusterArn: this.clusterArn,
        cluster: this.cluster,
        encryptionKey: this.encryptionKey,
      });
      const policy = firehoseClusterPolicy(this, 'ClusterPolicy', { clusterArn: this.clusterArn, cluster: this.cluster });
      allowMultiVpcClients(this, ec2.Peer.ipv4(this.vpc.vpcCidrBlock));
      for (const group of this.connections.securityGroups) {
        // The rule cannot evaluate a CIDR that CloudFormation resolves (the VPC's), and throws.
        Validations.of(group).acknowledge({
          id: 'AwsSolutions-EC23',
          reason: 'Ingress only from the cluster VPC\'s own CIDR (ports 14001-14100, multi-VPC private connectivity), '
            + 'a CloudFormation attribute the rule cannot evaluate; nothing is open to 0.0.0.0/0.',
        });
      }
      this.firehoseAccess = [connectivity.resource, policy];
      // MSK refuses topic changes while the connectivity update restarts the brokers: topics first.
      Aspects.of(this).add({
        visit: node => {
          if (node === this) {
            this.topics.forEach(t => t.resource && connectivity.resource.node.addDependency(t.resource));
          }
        },
      });
    }
    return this.firehoseAccess;
  }

  /** Broker ids of a provisioned cluster whose broker count is known: MSK numbers them 1 to N. */
  private brokerIds(): number[] | undefined {
    const count = this.brokerCount;
    return count === undefined || Token.isUnresolved(count) ? undefined : Array.from({ length: count }, (_, i) => i + 1);
  }

  private newSecurityGroup(): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: 'MSK brokers: IAM clients on 9098; Lambda pollers and MSK Connect workers run with this group',
      allowAllOutbound: true,
    });
    // Lambda's event pollers and MSK Connect's workers use the cluster's own group: it must admit itself.
    group.addIngressRule(group, ec2.Port.tcp(IAM_PORT), 'Kafka over TLS with IAM, from this group\'s members');
    return group;
  }

  /**
   * Each reader of a topic is a consumer group reading every byte: more of them than the
   * workload declared means more egress than the brokers were planned for.
   */
  private warnIfReadersExceedPlan(): void {
    const planned = this.plan?.workload.consumerGroups;
    const busiest = this.topics.reduce<KafkaTopic | undefined>((a, t) => (!a || t.readers.length > a.readers.length ? t : a), undefined);
    if (planned === undefined || !busiest || busiest.readers.length <= planned) {
      return;
    }
    Annotations.of(this).addWarningV2('cdk-streaming-pipelines:KafkaBridge:moreReadersThanPlanned',
      `${this.node.path} was planned for ${planned} consumer group${planned === 1 ? '' : 's'} (\`workload.consumerGroups\`), but topic `
      + `${busiest.topicName} has ${busiest.readers.length} readers, each a group reading every byte: the brokers' egress may be short. `
      + `Raise \`consumerGroups\` to ${busiest.readers.length} so the plan counts them.`);
  }

  /** Partition replicas per broker within what the instance type carries (a topic over the limit fails at deploy). */
  private checkPartitionsPerBroker(): string[] {
    if (!this.instanceType || !this.brokerCount) {
      return [];
    }
    const replicas = this.topics.reduce((sum, t) => sum + t.partitionCount * t.replicationFactor, 0);
    const limit = capacityOf(this.instanceType).maxPartitions;
    const perBroker = Math.ceil(replicas / this.brokerCount);
    if (perBroker > limit) {
      return [`${this.node.path}: the topics' partition replicas per broker must be at most ${limit} on ${this.instanceType.instanceTypeName}, `
        + `got ${perBroker} (${replicas} replicas on ${this.brokerCount} brokers): fewer partitions, more brokers or a larger instance type`];
    }
    return [];
  }
}

interface PlannedBrokers {
  readonly plan?: BrokerPlan;
  readonly brokerType: KafkaBrokerType;
  readonly instanceType: KafkaInstanceType;
  readonly brokerCount: number;
  readonly storageGibPerBroker: number;
}

/** The brokers from the workload's plan, or as given when there is no workload. */
function planBrokers(props: KafkaBridgeProps, zones: number): PlannedBrokers {
  const storage = props.storageGibPerBroker;
  if (props.workload) {
    const plan = BrokerSizing.plan(props.workload, {
      brokerType: props.brokerType,
      instanceType: props.instanceType,
      brokerCount: props.brokerCount,
      availabilityZones: zones === 2 || zones === 3 ? zones : undefined,
      prices: props.prices,
    });
    checkStorage(storage, plan.brokerType);
    return {
      plan,
      brokerType: plan.brokerType,
      instanceType: plan.instanceType,
      brokerCount: plan.brokerCount,
      storageGibPerBroker: storage ?? plan.storageGibPerBroker,
    };
  }
  if (!props.instanceType || props.brokerCount === undefined) {
    throw new InputError('give `workload` (the brokers are planned from it) or both `instanceType` and `brokerCount`, '
      + `got ${props.instanceType ? 'no `brokerCount`' : 'no `instanceType`'}`);
  }
  const brokerType = props.brokerType ?? props.instanceType.brokerType;
  if (brokerType !== props.instanceType.brokerType) {
    throw new InputError(`\`instanceType\` ${props.instanceType.instanceTypeName} is not a ${brokerType} broker, as \`brokerType\` says: `
      + 'change one of them');
  }
  // Alarms per broker, replication and partitions per broker all need the count itself.
  checkKnown({ name: 'brokerCount' }, props.brokerCount);
  if (props.brokerCount < 1 || props.brokerCount % zones !== 0 || !Number.isInteger(props.brokerCount)) {
    throw new InputError(`\`brokerCount\` must be a whole multiple of the ${zones} subnets (one broker per Availability Zone at least), got ${props.brokerCount}`);
  }
  checkStorage(storage, brokerType);
  return { brokerType, instanceType: props.instanceType, brokerCount: props.brokerCount, storageGibPerBroker: storage ?? DEFAULT_STORAGE_GIB };
}

/** A prop's value as an error message shows it. */
function describeValue(value: unknown): string {
  if (value instanceof KafkaInstanceType) {
    return value.instanceTypeName;
  }
  if (value instanceof KafkaVersion) {
    return `'${value.version}'`;
  }
  return typeof value === 'object' ? 'a value' : String(value);
}

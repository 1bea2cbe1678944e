/**
 * The Kafka pair's raw cluster: what the library's `KafkaBridge` builds for the Kafka
 * reference pipeline (examples/kafka-pipeline.ts), written by hand with aws-cdk-lib only:
 * the brokers' security group, the MSK configuration, the broker log group, the
 * provisioned cluster (3 × kafka.m7g.large with 7,594 GiB each, the plan for 30 MiB/s in,
 * 3 consumer groups and 3 days' retention, written out), its alarms, the VPC endpoints
 * its readers need, the `payments` topic, and what Firehose needs to read it: multi-VPC
 * private connectivity, turned on by a custom resource (a `custom-resources` Provider
 * running the library's shipped handlers from the same asset folders, so the same asset
 * hashes), and the cluster policy.
 *
 * Construct ids and nesting follow the library's (`Payments/Kafka`, `Payments/Kafka/Resource`,
 * ...: the pipeline `Payments` builds its bridge as `Kafka`), so logical ids, the cluster name
 * and the alarm descriptions derived from the construct path match: the equivalence check
 * compares them. Nothing is imported from src/.
 */
import * as path from 'path';
import { ArnFormat, CustomResource, Duration, Fn, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IDependable } from 'constructs';
import { acknowledgeProvider } from './raw-provider';

/** The library's shipped handlers, bundled by `npx projen bundle` (see bench/assets.ts). */
const ON_EVENT_HANDLER = path.join(__dirname, '../../assets/kafka/multi-vpc-on-event.lambda');
const IS_COMPLETE_HANDLER = path.join(__dirname, '../../assets/kafka/multi-vpc-is-complete.lambda');
const KAFKA_VERSION = '3.8.x';
const BROKERS = [1, 2, 3];
const IAM_PORT = 9098;
const MINUTE = Duration.minutes(1);
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const IGNORE = cloudwatch.TreatMissingData.IGNORE;
const THREE_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
const FIVE_MINUTES = { evaluationPeriods: 5, datapointsToAlarm: 5 };
const FIFTEEN_MINUTES = { evaluationPeriods: 15, datapointsToAlarm: 15 };

/** What the cluster's readers need. */
export interface RawKafkaCluster {
  /** The construct path, which names the cluster in alarm descriptions. */
  readonly path: string;
  readonly clusterArn: string;
  readonly clusterName: string;
  /** The brokers' security group, which Lambda's pollers use too. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly topicName: string;
  readonly topicArn: string;
  /** The ARN of consumer group `groupId` (`*`: any). */
  readonly groupArn: (groupId: string) => string;
  /** Adds the interface (Lambda, STS) or gateway (S3) endpoint a reader needs, once. */
  readonly reach: (service: 'LAMBDA' | 'STS' | 'S3') => IDependable;
  /** The topic resource, which readers wait for. */
  readonly topic: msk.CfnTopic;
  /** Turns on multi-VPC connectivity and writes the cluster policy: what Firehose waits for. */
  readonly firehoseAccess: () => IDependable[];
}

/** What the cluster is built in. */
export interface KafkaClusterOptions {
  readonly vpc: ec2.Vpc;
  readonly key: kms.Key;
  readonly action: cloudwatch.IAlarmAction;
}

/** Adds the cluster and its topic as construct `id` under `scope` (the Kafka pair: `Kafka` under the pipeline's `Payments`). */
export function addKafkaCluster(scope: Construct, id: string, o: KafkaClusterOptions): RawKafkaCluster {
  const bridge = new Construct(scope, id);
  const { vpc, key } = o;
  const stack = Stack.of(bridge);
  const subnets: ec2.SubnetSelection = { onePerAz: true };

  const securityGroup = new ec2.SecurityGroup(bridge, 'SecurityGroup', {
    vpc,
    description: 'MSK brokers: IAM clients on 9098; Lambda pollers and MSK Connect workers run with this group',
    allowAllOutbound: true,
  });
  securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(IAM_PORT), 'Kafka over TLS with IAM, from this group\'s members');
  const clusterName = Names.uniqueResourceName(bridge, { maxLength: 64, separator: '-' });

  const configuration = new msk.CfnConfiguration(bridge, 'Configuration', {
    name: `${clusterName}-configuration`,
    description: 'cdk-streaming-pipelines: no topic auto-creation, replication factor 3, min.insync.replicas 2, no unclean leader election',
    kafkaVersionsList: [KAFKA_VERSION],
    serverProperties: [
      'auto.create.topics.enable=false',
      'default.replication.factor=3',
      'min.insync.replicas=2',
      'unclean.leader.election.enable=false',
      '',
    ].join('\n'),
  });
  configuration.applyRemovalPolicy(RemovalPolicy.RETAIN);
  // CloudWatch Logs may use the key for this account's and Region's log groups only.
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
          service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    },
  }));
  const brokerLogs = new logs.LogGroup(bridge, 'BrokerLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const cluster = new msk.CfnCluster(bridge, 'Resource', {
    clusterName,
    kafkaVersion: KAFKA_VERSION,
    numberOfBrokerNodes: BROKERS.length,
    brokerNodeGroupInfo: {
      clientSubnets: vpc.selectSubnets(subnets).subnetIds,
      instanceType: 'kafka.m7g.large',
      securityGroups: [securityGroup.securityGroupId],
      storageInfo: { ebsStorageInfo: { volumeSize: 7594 } },
    },
    clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
    encryptionInfo: {
      encryptionAtRest: { dataVolumeKmsKeyId: key.keyArn },
      encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
    },
    configurationInfo: { arn: configuration.attrArn, revision: configuration.attrLatestRevisionRevision },
    enhancedMonitoring: 'DEFAULT',
    loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: brokerLogs.logGroupName } } },
  });
  cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const clusterArn = cluster.attrArn;

  addClusterAlarms(bridge, clusterName, o.action);

  // Topic and group ARNs: the cluster ARN's prefix, then the cluster's name and uuid.
  const fields = Fn.split(':', clusterArn);
  const prefix = Fn.join(':', [0, 1, 2, 3, 4].map(i => Fn.select(i, fields)));
  const resource = Fn.split('/', Fn.select(5, fields));
  const clusterPath = Fn.join('/', [Fn.select(1, resource), Fn.select(2, resource)]);
  const arnOf = (kind: string, name: string) => `${prefix}:${kind}/${clusterPath}/${name}`;

  const topicName = 'payments';
  const topic = new msk.CfnTopic(new Construct(bridge, topicName), 'Resource', {
    clusterArn,
    topicName,
    // 6 partitions for 30 MiB/s in; 3 days' retention.
    partitionCount: 6,
    replicationFactor: 3,
    configs: Buffer.from(`retention.ms=${Duration.days(3).toMilliseconds()}`).toString('base64'),
  });
  topic.applyRemovalPolicy(RemovalPolicy.RETAIN);

  const endpoints = new Construct(bridge, 'Endpoints');
  const reach = (service: 'LAMBDA' | 'STS' | 'S3'): IDependable => {
    const existing = endpoints.node.tryFindChild(service);
    if (existing) {
      return existing.node.defaultChild!;
    }
    if (service === 'S3') {
      const gateway = new ec2.GatewayVpcEndpoint(endpoints, service, { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [subnets] });
      return gateway.node.defaultChild!;
    }
    const endpoint = new ec2.InterfaceVpcEndpoint(endpoints, service, {
      vpc,
      service: service === 'LAMBDA' ? ec2.InterfaceVpcEndpointAwsService.LAMBDA : ec2.InterfaceVpcEndpointAwsService.STS,
      subnets,
      privateDnsEnabled: true,
      open: false,
    });
    endpoint.connections.allowDefaultPortFrom(securityGroup, `HTTPS from the cluster's readers to ${service.toLowerCase()}`);
    return endpoint.node.defaultChild!;
  };

  let firehoseAccess: IDependable[] | undefined;
  return {
    path: bridge.node.path,
    clusterArn,
    clusterName,
    securityGroup,
    topicName,
    topicArn: arnOf('topic', topicName),
    groupArn: groupId => arnOf('group', groupId),
    reach,
    topic,
    firehoseAccess: () => {
      firehoseAccess ??= addFirehoseAccess(bridge, cluster, o, topic);
      return firehoseAccess;
    },
  };
}

/** CPU per broker, disk, replication, offline partitions and the controller (ZooKeeper mode). */
function addClusterAlarms(bridge: Construct, clusterName: string, action: cloudwatch.IAlarmAction): void {
  const label = `Kafka cluster ${bridge.node.path}`;
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(bridge, alarmId, props);
    a.addAlarmAction(action);
    a.addOkAction(action);
  };
  const kafkaMetric = (metricName: string, statistic: string, brokerId?: number) => new cloudwatch.Metric({
    namespace: 'AWS/Kafka',
    metricName,
    dimensionsMap: brokerId === undefined
      ? { 'Cluster Name': clusterName }
      : { 'Cluster Name': clusterName, 'Broker ID': String(brokerId) },
    statistic,
    period: MINUTE,
  });
  const acrossBrokers = (metricName: string, fn: 'MAX' | 'SUM', statistic: string) => new cloudwatch.MathExpression({
    expression: `${fn}([${BROKERS.map(b => `broker${b}`).join(', ')}])`,
    usingMetrics: Object.fromEntries(BROKERS.map(b => [`broker${b}`, kafkaMetric(metricName, statistic, b)])),
    period: MINUTE,
    label: `${metricName}, ${fn === 'MAX' ? 'highest' : 'sum'} over brokers`,
  });

  for (const b of BROKERS) {
    alarm(`CpuAlarmBroker${b}`, {
      metric: new cloudwatch.MathExpression({
        expression: 'user + system',
        usingMetrics: { user: kafkaMetric('CpuUser', 'Average', b), system: kafkaMetric('CpuSystem', 'Average', b) },
        period: MINUTE,
        label: `CPU (user + system) of broker ${b}`,
      }),
      threshold: 60,
      comparisonOperator: GT,
      ...FIVE_MINUTES,
      treatMissingData: IGNORE,
      alarmDescription: `${label}: broker ${b}'s CPU (CpuUser + CpuSystem) has been above 60% for 5 minutes. `
        + 'Add brokers (and reassign partitions) or use a bigger instance type before latency and throttling rise.',
    });
  }
  alarm('DiskUsedAlarm', {
    metric: acrossBrokers('KafkaDataLogsDiskUsed', 'MAX', 'Maximum'),
    threshold: 85,
    comparisonOperator: GTE,
    ...FIVE_MINUTES,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: a broker's data-log disk is at least 85% full (KafkaDataLogsDiskUsed) for 5 minutes; `
      + 'a full disk stops the broker. Raise the storage per broker (storage only grows), shorten topic retention, '
      + 'or add brokers and reassign partitions.',
  });
  alarm('UnderReplicatedPartitionsAlarm', {
    metric: acrossBrokers('UnderReplicatedPartitions', 'SUM', 'Maximum'),
    threshold: 0,
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: partitions have been under-replicated (UnderReplicatedPartitions) for 15 minutes, `
      + 'longer than a rolling broker restart takes; one more broker failure may lose data or stop writes. '
      + 'Check for a broker that is down or overloaded (CPU, disk, network) and add brokers or use a bigger instance type.',
  });
  alarm('UnderMinIsrPartitionsAlarm', {
    metric: acrossBrokers('UnderMinIsrPartitionCount', 'SUM', 'Maximum'),
    threshold: 1,
    comparisonOperator: GTE,
    ...THREE_MINUTES,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: partitions have fewer in-sync replicas than min.insync.replicas (UnderMinIsrPartitionCount) `
      + 'for 3 minutes; producers with acks=all are refused. Find the brokers that are down or falling behind '
      + '(CPU, disk, network) and bring them back or add capacity.',
  });
  alarm('OfflinePartitionsAlarm', {
    metric: kafkaMetric('OfflinePartitionsCount', 'Maximum'),
    threshold: 0,
    comparisonOperator: GT,
    ...THREE_MINUTES,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: partitions have had no leader (OfflinePartitionsCount) for 3 minutes; `
      + 'nothing can be written to or read from them. Check which brokers are down, and that topics use a '
      + 'replication factor of 3 with min.insync.replicas 2 so one broker loss keeps them online.',
  });
  alarm('ActiveControllerAlarm', {
    metric: kafkaMetric('ActiveControllerCount', 'Maximum'),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    ...THREE_MINUTES,
    // ZooKeeper mode: every broker reports each minute, so silence means the cluster is down.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    alarmDescription: `${label}: no broker has been the active controller (ActiveControllerCount below 1, or no broker `
      + 'reporting at all) for 3 minutes; leader elections and topic changes stop. '
      + 'Check the cluster state and the brokers\' health in the MSK console and contact AWS Support if it persists.',
  });
}

/**
 * Multi-VPC private connectivity (IAM), turned on by a custom resource that waits until
 * the cluster is ACTIVE again, and the cluster policy that lets Firehose connect; the
 * brokers accept the managed VPC connections' ports from the VPC.
 */
function addFirehoseAccess(bridge: Construct, cluster: msk.CfnCluster, o: KafkaClusterOptions, topic: msk.CfnTopic): IDependable[] {
  const stack = Stack.of(bridge);
  const clusterArn = cluster.attrArn;
  const connectivity = new Construct(bridge, 'MultiVpcConnectivity');
  const role = new iam.Role(connectivity, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Turns on MSK multi-VPC private connectivity (IAM) on one cluster',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kafka:DescribeClusterV2', 'kafka:UpdateConnectivity'], resources: [clusterArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:DescribeSubnets', 'ec2:DescribeRouteTables'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:CreateGrant', 'kms:DescribeKey'], resources: [o.key.keyArn] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ec2:DescribeSubnets and ec2:DescribeRouteTables support no resource-level permission; '
      + 'read-only, limited to the stack\'s Region by aws:RequestedRegion.',
  });
  const threeMonths = (id: string) => new logs.LogGroup(connectivity, id, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const handlerLogs = threeMonths('HandlerLogs');
  handlerLogs.grantWrite(role);
  const handler = (id: string, asset: string, description: string) => new lambda.Function(connectivity, id, {
    description,
    role,
    logGroup: handlerLogs,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: MINUTE,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(asset),
  });
  const onEvent = handler('OnEvent', ON_EVENT_HANDLER, 'MSK multi-VPC connectivity: sends UpdateConnectivity (IAM on)');
  const isComplete = handler('IsComplete', IS_COMPLETE_HANDLER, 'MSK multi-VPC connectivity: waits for the cluster to be ACTIVE with IAM on');

  const provider = new cr.Provider(connectivity, 'Provider', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: MINUTE,
    totalTimeout: Duration.minutes(55),
    logGroup: threeMonths('ProviderLogs'),
    disableWaiterStateMachineLogging: false,
    // Every state of the wait, without the execution data (CloudFormation's presigned response URL).
    waiterStateMachineLogOptions: { destination: threeMonths('WaiterLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  acknowledgeProvider(provider);

  const resource = new CustomResource(connectivity, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::MskMultiVpcConnectivity',
    serviceTimeout: Duration.hours(1),
    properties: { ClusterArn: clusterArn },
  });
  // The topic first: MSK refuses topic changes while the update restarts the brokers.
  resource.node.addDependency(topic);
  resource.node.addDependency(cluster);

  const policy = new msk.CfnClusterPolicy(bridge, 'ClusterPolicy', {
    clusterArn,
    policy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'FirehoseVpcConnection',
        principals: [new iam.ServicePrincipal('firehose.amazonaws.com')],
        actions: ['kafka:CreateVpcConnection', 'kafka:GetBootstrapBrokers', 'kafka:DescribeCluster', 'kafka:DescribeClusterV2'],
        resources: [clusterArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      })],
    }),
  });
  policy.node.addDependency(cluster);

  const brokers = bridge.node.findChild('SecurityGroup') as ec2.SecurityGroup;
  brokers.connections.allowFrom(ec2.Peer.ipv4(o.vpc.vpcCidrBlock), ec2.Port.tcpRange(14001, 14100),
    'MSK multi-VPC private connectivity (managed VPC connections, e.g. Firehose)');
  Validations.of(brokers).acknowledge({
    id: 'AwsSolutions-EC23',
    reason: 'Ingress only from the cluster VPC\'s own CIDR (ports 14001-14100, multi-VPC private connectivity), '
      + 'a CloudFormation attribute the rule cannot evaluate; nothing is open to 0.0.0.0/0.',
  });
  return [resource, policy];
}

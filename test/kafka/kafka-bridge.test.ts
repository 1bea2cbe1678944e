import { Duration, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AggregateMeasure, AggregateToTable, ArchiveToLake, KafkaBridge, KafkaBrokerType, KafkaInstanceType, KafkaVersion, SchemaRegistry } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { ping } from '../schema/schema-fixtures';

function setup() {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return { stack, vpc };
}

describe('KafkaBridge: a new cluster', () => {
  test('is sized by the plan and secure by default', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, workload: { ingestMibPerSecond: 20, consumerGroups: 2 }, clusterName: 'orders' });
    const template = Template.fromStack(stack);
    expect(bridge.plan).toBeDefined();
    template.hasResourceProperties('AWS::MSK::Cluster', {
      ClusterName: 'orders',
      KafkaVersion: '3.8.x',
      NumberOfBrokerNodes: bridge.plan!.brokerCount,
      BrokerNodeGroupInfo: {
        InstanceType: bridge.plan!.instanceType.instanceTypeName,
        ClientSubnets: [Match.anyValue(), Match.anyValue(), Match.anyValue()],
        StorageInfo: { EBSStorageInfo: { VolumeSize: bridge.plan!.storageGibPerBroker } },
      },
      ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
      EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true } },
      EnhancedMonitoring: 'DEFAULT',
      LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: Match.anyValue() } } },
    });
    template.hasResource('AWS::MSK::Cluster', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::MSK::Configuration', {
      ServerProperties: 'auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n',
      KafkaVersionsList: ['3.8.x'],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 9098, ToPort: 9098, IpProtocol: 'tcp' });
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('a customer key encrypts storage and broker logs, and CloudWatch Logs may use it for this account\'s log groups only', () => {
    const { stack, vpc } = setup();
    const key = new kms.Key(stack, 'Key');
    new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, encryptionKey: key });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] }, RetentionInDays: 365 });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] } },
          },
        })]),
      },
    });
  });

  test('Express brokers take no storage, logs or replication settings', () => {
    const { stack, vpc } = setup();
    new KafkaBridge(stack, 'Bridge', { vpc, brokerType: KafkaBrokerType.EXPRESS, workload: { ingestMibPerSecond: 20 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::MSK::Cluster', {
      BrokerNodeGroupInfo: { InstanceType: Match.stringLikeRegexp('^express\\.'), StorageInfo: Match.absent() },
      LoggingInfo: Match.absent(),
    });
    template.hasResourceProperties('AWS::MSK::Configuration', { ServerProperties: 'auto.create.topics.enable=false\n' });
  });

  test('without a workload takes the instance type and broker count', () => {
    const { stack, vpc } = setup();
    new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', {
      NumberOfBrokerNodes: 3, BrokerNodeGroupInfo: { InstanceType: 'kafka.m7g.large', StorageInfo: { EBSStorageInfo: { VolumeSize: 1000 } } },
    });
  });

  test('refuses what MSK would refuse at deploy', () => {
    const { stack, vpc } = setup();
    expectInputError(() => new KafkaBridge(stack, 'NoVpc', { workload: { ingestMibPerSecond: 1 } }),
      'TestStack/NoVpc: `vpc` is required for a new cluster: give the VPC for its brokers, or `cluster` to use an existing one');
    expectInputError(() => new KafkaBridge(stack, 'NoSize', { vpc }),
      'TestStack/NoSize: give `workload` (the brokers are planned from it) or both `instanceType` and `brokerCount`, got no `instanceType`');
    expectInputError(() => new KafkaBridge(stack, 'Odd', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 4 }),
      'TestStack/Odd: `brokerCount` must be a whole multiple of the 3 subnets (one broker per Availability Zone at least), got 4');
    expectInputError(() => new KafkaBridge(stack, 'Storage', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3, storageGibPerBroker: 20000 }),
      'TestStack/Storage: `storageGibPerBroker` must be an integer between 1 and 16384 GiB, got 20000');
    expectInputError(() => new KafkaBridge(stack, 'Name', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3, clusterName: 'my_cluster' }),
      'TestStack/Name: `clusterName` must be 1-64 letters, digits and hyphens, starting with a letter or digit, got \'my_cluster\'');
    expectInputError(() => new KafkaBridge(stack, 'Version', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3, kafkaVersion: KafkaVersion.of('latest') }),
      'TestStack/Version: `kafkaVersion` must be an MSK version such as \'3.8.x\', \'3.6.0\' or \'3.7.x.kraft\', got \'latest\'');
  });
});

describe('KafkaBridge: alarms', () => {
  test('a Standard cluster alarms per broker on CPU, and on disk, partitions and the controller, by the literal Cluster Name', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 6, clusterName: 'payments' });
    const ids = bridge.alarms.map(a => a.node.id);
    expect(ids).toEqual([
      'CpuAlarmBroker1', 'CpuAlarmBroker2', 'CpuAlarmBroker3', 'CpuAlarmBroker4', 'CpuAlarmBroker5', 'CpuAlarmBroker6',
      'DiskUsedAlarm', 'UnderReplicatedPartitionsAlarm', 'UnderMinIsrPartitionsAlarm', 'OfflinePartitionsAlarm', 'ActiveControllerAlarm',
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OfflinePartitionsCount', Namespace: 'AWS/Kafka', Dimensions: [{ Name: 'Cluster Name', Value: 'payments' }],
    });
  });

  test('Express brokers get the throttle alarms and the monitoring level that publishes them', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, brokerType: KafkaBrokerType.EXPRESS, workload: { ingestMibPerSecond: 20 } });
    expect(bridge.alarms.map(a => a.node.id)).toEqual(expect.arrayContaining(['ProduceThrottleAlarm', 'FetchThrottleAlarm']));
    expect(bridge.alarms.map(a => a.node.id)).not.toContain('DiskUsedAlarm');
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Cluster', { EnhancedMonitoring: 'PER_BROKER' });
  });

  test('a Serverless cluster has no broker alarms, and createAlarms: false none at all', () => {
    const { stack, vpc } = setup();
    expect(new KafkaBridge(stack, 'Serverless', { vpc, serverless: true }).alarms).toEqual([]);
    expect(new KafkaBridge(stack, 'Quiet', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, createAlarms: false }).alarms).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::MSK::ServerlessCluster', 1);
  });
});

describe('KafkaBridge: topics', () => {
  test('addTopic creates an AWS::MSK::Topic with its retention and planned partitions', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const topic = bridge.addTopic('orders', { retention: Duration.days(3), workload: { ingestMibPerSecond: 40 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::MSK::Topic', {
      TopicName: 'orders',
      PartitionCount: 9,
      ReplicationFactor: 3,
      Configs: Buffer.from('retention.ms=259200000').toString('base64'),
    });
    expect(topic.partitionCount).toBe(9);
    expect(topic.retention.toDays()).toBe(3);
  });

  test('grants are kafka-cluster actions on the topic and group ARNs', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const topic = bridge.addTopic('orders');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    topic.grantReadAs(role, 'fraud');
    topic.grantWrite(role);
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const text = JSON.stringify(statements);
    expect(text).toContain('kafka-cluster:ReadData');
    expect(text).toContain(':group/');
    expect(text).toContain('/fraud');
    expect(text).toContain('kafka-cluster:WriteDataIdempotently');
  });

  test('refuses topics CloudFormation cannot create', () => {
    const { stack, vpc } = setup();
    const serverless = new KafkaBridge(stack, 'Serverless', { vpc, serverless: true });
    expectInputError(() => serverless.addTopic('orders'), /^TestStack\/Serverless\/orders: cannot create topic 'orders': CloudFormation cannot create topics on MSK Serverless/);
    const old = new KafkaBridge(stack, 'Old', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3, kafkaVersion: KafkaVersion.of('3.5.1') });
    expectInputError(() => old.addTopic('orders'), /^TestStack\/Old\/orders: cannot create topic 'orders': AWS::MSK::Topic needs Kafka 3.6 or newer, got '3.5.1'/);
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3 });
    expectInputError(() => bridge.addTopic('bad topic'), /^TestStack\/Bridge\/bad topic: `topicName` must be 1-249 characters/);
  });
});

describe('KafkaBridge: Firehose readers', () => {
  test('an existing cluster is read by Firehose only once its owner says it is ready, and its policy is never written', () => {
    const { stack, vpc } = setup();
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Brokers', 'sg-12345678');
    const cluster = {
      clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/payments/0123-abcd', bootstrapBrokers: 'b-1:9098', vpc, securityGroups: [securityGroup],
    };
    const notReady = new KafkaBridge(stack, 'NotReady', { cluster });
    expectInputError(() => new ArchiveToLake(stack, 'Lake', { source: notReady.topic('payments') }),
      /^TestStack\/Lake: Firehose reads TestStack\/NotReady through multi-VPC private connectivity \(IAM\) and a cluster policy .* set `firehoseReady: true` in `cluster`$/);
    const ready = new KafkaBridge(stack, 'Ready', { cluster: { ...cluster, firehoseReady: true } });
    new ArchiveToLake(stack, 'ReadyLake', { source: ready.topic('payments') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::MSK::ClusterPolicy', 0);
    template.resourceCountIs('Custom::MskMultiVpcConnectivity', 0);
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      MSKSourceConfiguration: Match.objectLike({ MSKClusterARN: cluster.clusterArn, TopicName: 'payments' }),
    });
  });

  test('Firehose cannot read MSK Serverless', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Serverless', { vpc, serverless: true });
    expectInputError(() => new ArchiveToLake(stack, 'Lake', { source: bridge.topic('payments') }),
      /^TestStack\/Lake: Firehose cannot read TestStack\/Serverless: .*MSK Serverless clusters do not offer/);
  });

  test('a lake on a topic Firehose measures no read lag for warns about the lag settings it cannot honour', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const lake = new ArchiveToLake(stack, 'Lake', { source: bridge.addTopic('orders'), latencyObjective: Duration.minutes(10) });
    expect(lake.metricReadLag()).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/TestStack/Lake', Match.stringLikeRegexp('Firehose publishes no read lag for Kafka topic orders'));
  });

  test('an existing cluster\'s ARN and broker count are checked', () => {
    const { stack, vpc } = setup();
    const base = { bootstrapBrokers: 'b:9098', vpc, securityGroups: [] };
    expectInputError(() => new KafkaBridge(stack, 'BadArn', { cluster: { ...base, clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster' } }),
      'TestStack/BadArn: `cluster.clusterArn` must be an MSK cluster ARN, arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>, '
      + 'got \'arn:aws:kafka:us-east-1:111111111111:cluster\'');
    expectInputError(() => new KafkaBridge(stack, 'NoBrokers', {
      cluster: { ...base, clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/c/u', brokerCount: 0 },
    }), 'TestStack/NoBrokers: `cluster.brokerCount` must be an integer between 1 and 60, got 0');
    expectInputError(() => new KafkaBridge(stack, 'TokenCount', { vpc, instanceType: KafkaInstanceType.M5_LARGE, brokerCount: Token.asNumber({ Ref: 'Count' }) }),
      /^TestStack\/TokenCount: `brokerCount` must be a number known at synth/);
  });

  test('new props beside an existing cluster are refused', () => {
    const { stack, vpc } = setup();
    expectInputError(() => new KafkaBridge(stack, 'Both', {
      vpc, brokerCount: 3, cluster: { clusterArn: 'arn:aws:kafka:us-east-1:111111111111:cluster/c/u', bootstrapBrokers: 'b:9098', vpc, securityGroups: [] },
    }), /^TestStack\/Both: `vpc`, `brokerCount` shape a new cluster, but `cluster` was given/);
  });
});

describe('KafkaBridge: synth checks and topic sizing', () => {
  test('a reader\'s parallelism raises the topic\'s partitions', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const topic = bridge.addTopic('orders');
    expect(topic.partitionCount).toBe(3);
    topic.bindReader(new Construct(stack, 'Job'), { readerName: 'flink-job', parallelism: 12 });
    expect(topic.partitionCount).toBe(12);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Topic', { TopicName: 'orders', PartitionCount: 12 });
  });

  test('more readers than the workload\'s consumer groups warn: the plan counted less egress', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, workload: { ingestMibPerSecond: 5, consumerGroups: 1 } });
    const topic = bridge.addTopic('orders');
    topic.bindReader(new Construct(stack, 'A'), { readerName: 'a' });
    topic.bindReader(new Construct(stack, 'B'), { readerName: 'b' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Bridge', 'TestStack/Bridge was planned for 1 consumer group (`workload.consumerGroups`), '
      + 'but topic orders has 2 readers, each a group reading every byte: the brokers\' egress may be short. Raise `consumerGroups` to 2 so the plan counts them. '
      + '[ack: cdk-streaming-pipelines:KafkaBridge:moreReadersThanPlanned]');
  });

  test('partition replicas beyond what the brokers carry fail synth', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    bridge.addTopic('orders', { partitions: 1200 });
    expect(() => Template.fromStack(stack)).toThrow(
      'TestStack/Bridge: the topics\' partition replicas per broker must be at most 1000 on kafka.m7g.large, got 1200 (3600 replicas on 3 brokers): '
      + 'fewer partitions, more brokers or a larger instance type');
  });

  test('Express brokers need 3 subnets and replication factor 3', () => {
    const stack = testStack();
    const twoAzs = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expectInputError(() => new KafkaBridge(stack, 'Express', { vpc: twoAzs, brokerType: KafkaBrokerType.EXPRESS, workload: { ingestMibPerSecond: 10 } }),
      'TestStack/Express: `vpcSubnets` must select 3 subnets in distinct Availability Zones for Express brokers, got 2: '
      + 'use a VPC with more Availability Zones (a stack without an account and region sees only 2)');
    const { stack: other, vpc } = setup();
    const bridge = new KafkaBridge(other, 'Express', { vpc, brokerType: KafkaBrokerType.EXPRESS, workload: { ingestMibPerSecond: 10 } });
    expectInputError(() => bridge.addTopic('orders', { replicationFactor: 2 }), 'TestStack/Express/orders: `replicationFactor` must be 3 on Express brokers, got 2');
  });

  test('a topic with a registered schema grants it to writers and to readers that ask for it', () => {
    const { stack, vpc } = setup();
    const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const topic = bridge.addTopic('orders', { schema });
    const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    topic.grantWrite(writer);
    const text = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(text).toContain('glue:GetSchemaByDefinition');
    expect(text).toContain('kafka-cluster:WriteData');
  });
});

describe('AggregateToTable on a Kafka topic', () => {
  test('is refused for what it needs, tumbling windows, naming its own props', () => {
    const { stack, vpc } = setup();
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    expectInputError(() => new AggregateToTable(stack, 'Spend', {
      source: bridge.addTopic('orders'), keyField: 'customer_id', window: Duration.minutes(1), measures: [AggregateMeasure.count('orders')],
    }), 'TestStack/Spend: `source`: Kafka topic orders of TestStack/Bridge offers no Lambda tumbling windows, which AggregateToTable keeps '
      + 'its state in (Kinesis and DynamoDB streams only): aggregate it in a Flink job, or with a ShardConsumer whose handler writes the table');
  });
});

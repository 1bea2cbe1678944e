import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  ConnectorCapacity, ConnectorPlugin, KafkaBridge, KafkaConnectVersion, KafkaInstanceType, KafkaS3Sink, KafkaS3SinkProps,
  PluginContentType, S3SinkFormat,
} from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';

const CONNECTOR = 'AWS::KafkaConnect::Connector';

function setup(sinkProps: Partial<KafkaS3SinkProps> = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  // The bridge's own alarms are off: only the sink's are under test here.
  const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders', createAlarms: false });
  const orders = bridge.addTopic('orders');
  const plugins = s3.Bucket.fromBucketName(stack, 'Plugins', 'my-plugins');
  const plugin = ConnectorPlugin.fromS3Object(plugins, 'confluentinc-kafka-connect-s3-10.5.0.zip');
  return { stack, vpc, bridge, orders, plugins, plugin, make: () => bridge.addS3Sink('Lake', { topics: [orders], plugin, connectorName: 'orders-lake', ...sinkProps }) };
}

/** The statements of the sink's role policy, resolved. */
function roleStatements(stack: Stack, sink: KafkaS3Sink): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(sink.role.node.defaultChild as any) }] },
  });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

/** The AwsSolutions findings on the sink's own resources. */
function sinkFindings(stack: Stack): string[] {
  return new AwsSolutionsChecks().validateScope(stack).violations
    .flatMap(v => v.violatingResources.map(res => `${v.ruleName} ${res.constructPath}`))
    .filter(f => f.includes('Bridge/Lake/'));
}

describe('KafkaS3Sink: the connector', () => {
  test('IAM over TLS to the bridge\'s bootstrap brokers, from the brokers\' subnets and groups, autoscaled by default', () => {
    const { stack, bridge, make } = setup();
    const sink = make();
    const template = Template.fromStack(stack);
    template.hasResourceProperties(CONNECTOR, {
      ConnectorName: 'orders-lake',
      KafkaConnectVersion: '3.7.x',
      KafkaClusterClientAuthentication: { AuthenticationType: 'IAM' },
      KafkaClusterEncryptionInTransit: { EncryptionType: 'TLS' },
      Capacity: {
        AutoScaling: {
          McuCount: 1,
          MinWorkerCount: 1,
          MaxWorkerCount: 2,
          ScaleInPolicy: { CpuUtilizationPercentage: 20 },
          ScaleOutPolicy: { CpuUtilizationPercentage: 80 },
        },
      },
      KafkaCluster: {
        ApacheKafkaCluster: {
          BootstrapServers: stack.resolve(bridge.bootstrapBrokers),
          Vpc: {
            Subnets: stack.resolve(bridge.vpc.selectSubnets(bridge.vpcSubnets).subnetIds),
            SecurityGroups: stack.resolve(bridge.connections.securityGroups.map(g => g.securityGroupId)),
          },
        },
      },
      LogDelivery: { WorkerLogDelivery: { CloudWatchLogs: { Enabled: true, LogGroup: stack.resolve(sink.logGroup.logGroupName) } } },
      Plugins: [{ CustomPlugin: { CustomPluginArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BridgeLakePlugin'), 'CustomPluginArn'] } } }],
      ServiceExecutionRoleArn: stack.resolve(sink.role.roleArn),
    });
    expect(stack.resolve(bridge.bootstrapBrokers)['Fn::GetAtt'][1]).toBe('BootstrapBrokerStringSaslIam');
  });

  test('the connector configuration: Confluent\'s S3 sink, the topics, the bucket, the prefix as topics.dir, day folders', () => {
    const { stack, make } = setup({ flushSize: 500, rotateInterval: Duration.minutes(5), prefix: 'lake/raw/' });
    const sink = make();
    Template.fromStack(stack).hasResourceProperties(CONNECTOR, {
      ConnectorConfiguration: {
        'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
        'topics': 'orders',
        's3.region': 'us-east-1',
        's3.bucket.name': stack.resolve(sink.bucket.bucketName),
        'topics.dir': 'lake/raw',
        'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
        'flush.size': '500',
        'rotate.schedule.interval.ms': '300000',
        'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
        'path.format': "'year'=YYYY/'month'=MM/'day'=dd",
        'timezone': 'UTC',
      },
    });
  });

  test('the worker configuration sets the converters, base64', () => {
    const { stack, make } = setup();
    make();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KafkaConnect::WorkerConfiguration', {
      PropertiesFileContent: Buffer.from('key.converter=org.apache.kafka.connect.storage.StringConverter\n'
        + 'value.converter=org.apache.kafka.connect.json.JsonConverter\nvalue.converter.schemas.enable=false\n').toString('base64'),
    });
    template.hasResourceProperties(CONNECTOR, {
      WorkerConfiguration: {
        WorkerConfigurationArn: { 'Fn::GetAtt': [Match.anyValue(), 'WorkerConfigurationArn'] },
        Revision: { 'Fn::GetAtt': [Match.anyValue(), 'Revision'] },
      },
    });
  });

  test('BYTES copies records byte for byte', () => {
    const { stack, make } = setup({ format: S3SinkFormat.BYTES });
    make();
    const template = Template.fromStack(stack);
    template.hasResourceProperties(CONNECTOR, {
      ConnectorConfiguration: Match.objectLike({ 'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat' }),
    });
    template.hasResourceProperties('AWS::KafkaConnect::WorkerConfiguration', {
      PropertiesFileContent: Buffer.from('key.converter=org.apache.kafka.connect.converters.ByteArrayConverter\n'
        + 'value.converter=org.apache.kafka.connect.converters.ByteArrayConverter\n').toString('base64'),
    });
  });

  test('provisioned capacity and a given Kafka Connect version', () => {
    const { stack, make } = setup({
      capacity: ConnectorCapacity.provisioned({ mcuCount: 2, workerCount: 3 }),
      kafkaConnectVersion: KafkaConnectVersion.V2_7_1,
    });
    make();
    Template.fromStack(stack).hasResourceProperties(CONNECTOR, {
      KafkaConnectVersion: '2.7.1',
      Capacity: { ProvisionedCapacity: { McuCount: 2, WorkerCount: 3 }, AutoScaling: Match.absent() },
      ConnectorConfiguration: Match.objectLike({ 'tasks.max': '6' }),
    });
  });

  test('the plugin: a custom plugin from the S3 object, its content type from the extension', () => {
    const { stack, make } = setup();
    make();
    Template.fromStack(stack).hasResourceProperties('AWS::KafkaConnect::CustomPlugin', {
      ContentType: 'ZIP',
      Location: { S3Location: { BucketArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-plugins']] }, FileKey: 'confluentinc-kafka-connect-s3-10.5.0.zip' } },
    });
  });

  test('an existing plugin is used by ARN and revision, and none is created', () => {
    const arn = 'arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3-sink/abc-1';
    const { stack, make } = setup({ plugin: ConnectorPlugin.fromPluginArn(arn, 2) });
    make();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KafkaConnect::CustomPlugin', 0);
    template.hasResourceProperties(CONNECTOR, { Plugins: [{ CustomPlugin: { CustomPluginArn: arn, Revision: 2 } }] });
  });

  test('the workers reach S3 through a gateway endpoint in the brokers\' subnets', () => {
    const { stack, make } = setup();
    make();
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
  });

  test('the log group is kept a year and encrypted with the key when given', () => {
    const { stack, make } = setup({ encryptionKey: undefined });
    make();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });

    const withKey = setup();
    const key = new kms.Key(withKey.stack, 'Key', { enableKeyRotation: true });
    withKey.bridge.addS3Sink('Lake', { topics: [withKey.orders], plugin: withKey.plugin, encryptionKey: key });
    const template = Template.fromStack(withKey.stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [withKey.stack.getLogicalId(key.node.defaultChild as any), 'Arn'] } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
    });
  });
});

describe('KafkaS3Sink: the bucket', () => {
  test('a new bucket is versioned, encrypted, TLS only, private and retained', () => {
    const { stack, make } = setup();
    make();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a given bucket is used, and none is created', () => {
    const { stack, orders, plugin, bridge } = setup();
    const lake = s3.Bucket.fromBucketName(stack, 'Lake', 'my-lake');
    const sink = bridge.addS3Sink('Lake', { topics: [orders], plugin, bucket: lake });
    expect(sink.bucket).toBe(lake);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('KafkaS3Sink: the service execution role', () => {
  test('assumed by MSK Connect for this account\'s connector of this name only', () => {
    const { stack, make } = setup();
    make();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'kafkaconnect.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111111111111' },
            ArnLike: { 'aws:SourceArn': stack.resolve(`arn:${stack.partition}:kafkaconnect:us-east-1:111111111111:connector/orders-lake/*`) },
          },
        }],
      },
    });
  });

  test('exactly: the cluster, the topics, its group, MSK Connect\'s internal topics and groups, objects under the prefix', () => {
    const { stack, bridge, orders, make } = setup();
    const sink = make();
    const arns = bridge._arns;
    const r = (v: string) => stack.resolve(v);
    expect(roleStatements(stack, sink)).toEqual([
      { Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Effect: 'Allow', Resource: r(bridge.clusterArn) },
      { Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Effect: 'Allow', Resource: r(orders.topicArn) },
      { Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'], Effect: 'Allow', Resource: r(arns.group('connect-orders-lake')) },
      {
        Action: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
        Effect: 'Allow',
        Resource: [r(arns.topic('__amazon_msk_connect_*')), r(arns.topic('__msk_connect_*'))],
      },
      {
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Effect: 'Allow',
        Resource: [r(arns.group('__amazon_msk_connect_*')), r(arns.group('__msk_connect_*'))],
      },
      { Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Effect: 'Allow', Resource: r(sink.bucket.bucketArn) },
      {
        Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        Effect: 'Allow',
        Resource: r(sink.bucket.arnForObjects('kafka/*')),
      },
    ]);
    expect(JSON.stringify(r(arns.group('connect-orders-lake')))).toContain(':group/');
    expect(sink.consumerGroup).toBe('connect-orders-lake');
  });

  test('a bucket with a key: kms:Decrypt and GenerateDataKey on it, through S3 only', () => {
    const { stack, orders, plugin, bridge } = setup();
    const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
    const lake = new s3.Bucket(stack, 'Lake', { encryptionKey: key, enforceSSL: true });
    const sink = bridge.addS3Sink('Lake', { topics: [orders], plugin, bucket: lake, connectorName: 'orders-lake' });
    expect(roleStatements(stack, sink)).toContainEqual({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Effect: 'Allow',
      Resource: stack.resolve(key.keyArn),
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
  });

  test('cdk-nag AwsSolutions finds nothing on the sink: the wildcards and the access logs are acknowledged with reasons', () => {
    const { stack, make } = setup();
    make();
    expect(sinkFindings(stack)).toEqual([]);
  });

  test('the acknowledgements are scoped: another wildcard on the role is still found', () => {
    const { stack, make } = setup();
    const sink = make();
    sink.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [sink.bucket.arnForObjects('*')] }));
    expect(sinkFindings(stack)).toEqual([
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(sink.bucket.node.defaultChild as any)}.Arn>/*] TestStack/Bridge/Lake/ServiceRole/DefaultPolicy/Resource`,
    ]);
  });
});

describe('KafkaS3Sink: alarms', () => {
  test('errored tasks, no running task and CPU, in AWS/KafkaConnect by ConnectorName', () => {
    const { stack, make } = setup();
    const sink = make();
    const template = Template.fromStack(stack);
    const dims = [{ Name: 'ConnectorName', Value: 'orders-lake' }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/KafkaConnect',
      MetricName: 'ErroredTaskCount',
      Dimensions: dims,
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/KafkaConnect',
      MetricName: 'RunningTaskCount',
      Dimensions: dims,
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      TreatMissingData: 'breaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/KafkaConnect',
      MetricName: 'CpuUtilization',
      Dimensions: dims,
      Statistic: 'Average',
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('raise maxWorkerCount or mcuCount'),
    });
    expect(sink.alarms).toHaveLength(4);
    // The connector's own group falling a quarter of the topic's 7-day retention behind.
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'EstimatedMaxTimeLag',
      Namespace: 'AWS/Kafka',
      Dimensions: Match.arrayWith([{ Name: 'Consumer Group', Value: 'connect-orders-lake' }, { Name: 'Topic', Value: 'orders' }]),
      Threshold: 151200,
    });
  });

  test('alarmAction notifies on ALARM and OK for every alarm', () => {
    const { stack, orders, plugin, bridge } = setup();
    const topic = new sns.Topic(stack, 'Alarms');
    bridge.addS3Sink('Lake', { topics: [orders], plugin, alarmAction: new cloudwatchActions.SnsAction(topic) });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as any) }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as any) }]);
    }
  });

  test('createAlarms false creates none', () => {
    const { stack, make } = setup({ createAlarms: false });
    make();
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('KafkaS3Sink: refuses what would fail', () => {
  const PATH = 'TestStack/Bridge/Lake';
  test.each<[string, Partial<KafkaS3SinkProps>, string]>([
    ['no topics', { topics: [] }, `${PATH}: \`topics\` must name at least one topic of TestStack/Bridge, got none`],
    ['mcuCount 3', { capacity: ConnectorCapacity.autoScaled({ mcuCount: 3 }) },
      `${PATH}: \`mcuCount\` must be 1, 2, 4 or 8 MSK Connect units per worker, got 3`],
    ['11 workers', { capacity: ConnectorCapacity.provisioned({ workerCount: 11 }) },
      `${PATH}: \`workerCount\` must be an integer between 1 and 10, got 11`],
    ['max below min', { capacity: ConnectorCapacity.autoScaled({ minWorkerCount: 4, maxWorkerCount: 2 }) },
      `${PATH}: \`maxWorkerCount\` must be at least \`minWorkerCount\` (4), got 2`],
    ['scale-in over scale-out', { capacity: ConnectorCapacity.autoScaled({ scaleInCpuPercent: 80, scaleOutCpuPercent: 70 }) },
      `${PATH}: \`scaleInCpuPercent\` must be below \`scaleOutCpuPercent\` (70%), got 80%: otherwise workers are added and removed in turn`],
    ['a leading /', { prefix: '/kafka/' }, `${PATH}: \`prefix\` must be folders of letters, digits and _ . = -, each ending in '/', `
      + 'with no leading \'/\' (e.g. \'kafka/\' or \'lake/raw/\'), got \'/kafka/\''],
    ['no trailing /', { prefix: 'kafka' }, `${PATH}: \`prefix\` must be folders of letters, digits and _ . = -, each ending in '/', `
      + 'with no leading \'/\' (e.g. \'kafka/\' or \'lake/raw/\'), got \'kafka\''],
    ['flushSize 0', { flushSize: 0 }, `${PATH}: \`flushSize\` must be an integer between 1 and 1000000 records, got 0`],
    ['rotateInterval 30 s', { rotateInterval: Duration.seconds(30) }, `${PATH}: \`rotateInterval\` must be between 1 minute and 24 hours, got 30 seconds`],
    ['a bad connector name', { connectorName: 'orders_lake' },
      `${PATH}: \`connectorName\` must be 1-128 letters, digits and hyphens, starting with a letter or digit, got 'orders_lake'`],
    ['a bad version', { kafkaConnectVersion: KafkaConnectVersion.of('latest') },
      `${PATH}: \`kafkaConnectVersion\` must be an MSK Connect version such as '3.7.x' or '2.7.1', got 'latest'`],
    ['a plugin without a type', { plugin: ConnectorPlugin.fromS3Object(s3.Bucket.fromBucketName(new Stack(), 'B', 'my-plugins'), 'plugins/s3-sink') },
      `${PATH}: \`contentType\` is required for plugin key 'plugins/s3-sink', which ends neither in .jar nor in .zip: give PluginContentType.JAR or ZIP`],
    ['revision 0', { plugin: ConnectorPlugin.fromPluginArn('arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/p/x', 0) },
      `${PATH}: the plugin's \`revision\` must be an integer of at least 1, got 0`],
  ])('%s', (_name, props, message) => {
    const { make } = setup(props);
    expectInputError(make, message);
  });

  test('a topic of another bridge', () => {
    const { stack, vpc, bridge, plugin } = setup();
    const other = new KafkaBridge(stack, 'Other', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3 });
    const clicks = other.addTopic('clicks');
    expectInputError(() => bridge.addS3Sink('Lake', { topics: [clicks], plugin }),
      'TestStack/Bridge/Lake: `topics`: topic \'clicks\' is on TestStack/Other, not TestStack/Bridge: a connector reads one cluster; '
      + 'add the sink to that bridge or the topic to this one');
  });

  test('a second sink with the same connector name claims the same group', () => {
    const { bridge, orders, plugin, make } = setup();
    make();
    expectInputError(() => bridge.addS3Sink('Again', { topics: [orders], plugin, connectorName: 'orders-lake' }),
      /^TestStack\/Bridge\/Again: consumer group 'connect-orders-lake' already reads TestStack\/Bridge for TestStack\/Bridge\/Lake/);
  });

  test('a JAR key needs no content type; an explicit one wins', () => {
    const { stack, bridge, orders, plugins } = setup();
    bridge.addS3Sink('Jar', { topics: [orders], plugin: ConnectorPlugin.fromS3Object(plugins, 'sink.jar') });
    bridge.addS3Sink('Explicit', { topics: [orders], plugin: ConnectorPlugin.fromS3Object(plugins, 'sink', { contentType: PluginContentType.ZIP }) });
    const plugins2 = Template.fromStack(stack).findResources('AWS::KafkaConnect::CustomPlugin');
    expect(Object.values(plugins2).map((p: any) => p.Properties.ContentType).sort()).toEqual(['JAR', 'ZIP']);
  });
});

describe('KafkaS3Sink on MSK Serverless', () => {
  test('MSK Connect reaches Serverless clusters with IAM: the connector is made', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, serverless: true });
    const orders = bridge.topic('orders');
    bridge.addS3Sink('Lake', { topics: [orders], plugin: ConnectorPlugin.fromS3Object(s3.Bucket.fromBucketName(stack, 'P', 'my-plugins'), 's3-sink.zip') });
    Template.fromStack(stack).hasResourceProperties(CONNECTOR, { KafkaClusterClientAuthentication: { AuthenticationType: 'IAM' } });
  });
});

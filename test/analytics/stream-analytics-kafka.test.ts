import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bucketCode, JOB, jobAlarms, kafkaJob, kinesisJob, propertyGroupsOf, resourceOf, roleStatements } from './analytics-fixtures';
import { AnalyticsSink, IStreamSource, KafkaBridge, KafkaInstanceType, KafkaTopic, SchemaRegistry, StreamAnalytics } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { ping } from '../schema/schema-fixtures';
import { getAtt, logicalId, ref } from '../template-refs';

const ENDPOINT = 'AWS::EC2::VPCEndpoint';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';
/** What Managed Flink needs to place the application's network interfaces, as the role grants it. */
const VPC_ACTIONS = [
  'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeDhcpOptions',
  'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
];
const VPC_REASON = 'Managed Flink creates and describes the task managers\' network interfaces in the VPC with these EC2 actions, '
  + 'which take no resource ARN it documents (Managed Flink\'s VPC permissions page grants them on *).';

/** The topic behind a source whose bindings measure no reader lag: a Kafka-type source of another service. */
function withoutLagMeasure(topic: KafkaTopic): IStreamSource {
  return {
    sourceName: topic.sourceName,
    retention: topic.retention,
    get readers() { return topic.readers; },
    get writers() { return topic.writers; },
    bindWriter: (scope: Construct, options) => topic.bindWriter(scope, options),
    schema: topic.schema,
    bindReader: (scope: Construct, options) => {
      const binding = topic.bindReader(scope, options);
      return Object.assign(Object.create(binding), { metricReaderLag: () => undefined });
    },
    grantRead: grantee => topic.grantRead(grantee),
    grantWrite: grantee => topic.grantWrite(grantee),
  };
}

/** The subnets the bridge's brokers are in, resolved. */
/** A new domain in the stack's VPC 'Vpc' (the bridge's, when there is one), HTTPS only. */
function vpcDomain(stack: Stack): opensearch.Domain {
  const vpc = (stack.node.tryFindChild('Vpc') as ec2.Vpc | undefined)
    ?? new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return new opensearch.Domain(stack, 'Search', {
    version: opensearch.EngineVersion.OPENSEARCH_2_19,
    vpc,
    vpcSubnets: [{ subnets: [vpc.isolatedSubnets[0]] }],
    enforceHttps: true,
  });
}

function brokerSubnets(f: ReturnType<typeof kafkaJob>): unknown[] {
  return f.stack.resolve(f.bridge.vpc.selectSubnets(f.bridge.vpcSubnets).subnetIds);
}

describe('StreamAnalytics on a Kafka topic: the network', () => {
  test('the application runs in the brokers\' subnets with a security group of its own', () => {
    const f = kafkaJob();
    const template = f.template();
    const group = f.job.node.findChild('SecurityGroup') as ec2.SecurityGroup;

    expect(resourceOf(template, f.job.application).Properties.ApplicationConfiguration.VpcConfigurations).toEqual([{
      SecurityGroupIds: [getAtt(group, 'GroupId')],
      SubnetIds: brokerSubnets(f),
    }]);
    expect(brokerSubnets(f)).toHaveLength(3);
    expect(resourceOf(template, group).Properties).toEqual({
      GroupDescription: `Managed Flink application ${JOB}`,
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic by default', IpProtocol: '-1' }],
      VpcId: ref(f.vpc),
    });
    expect(f.job.connections!.securityGroups).toEqual([group]);
  });

  test('the brokers admit it on 9098 (IAM over TLS), and nothing else is opened to it', () => {
    const f = kafkaJob();
    const group = f.job.node.findChild('SecurityGroup');

    const fromJob = Object.values(f.template().findResources(INGRESS))
      .filter(r => JSON.stringify(r.Properties.SourceSecurityGroupId) === JSON.stringify(getAtt(group, 'GroupId')));
    expect(fromJob.map(r => r.Properties)).toEqual([{
      Description: `Kafka clients (IAM, TLS) from ${JOB}/SecurityGroup`,
      IpProtocol: 'tcp',
      FromPort: 9098,
      ToPort: 9098,
      GroupId: f.stack.resolve(f.bridge.connections.securityGroups[0].securityGroupId),
      SourceSecurityGroupId: getAtt(group, 'GroupId'),
    }]);
  });

  test('the role may place the network interfaces, on * (acknowledged), and read the topic as its own group', () => {
    const f = kafkaJob();
    const statements = roleStatements(f.template(), f.job.role);
    const resolve = (v: string) => f.stack.resolve(v);

    expect(statements.slice(0, 3)).toEqual([
      { Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: resolve(f.bridge.clusterArn) },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: resolve(f.topic.topicArn) },
      { Effect: 'Allow', Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: resolve(f.bridge._arns.group('windows')) },
    ]);
    expect(JSON.stringify(resolve(f.bridge._arns.group('windows')))).toContain('/windows');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: VPC_ACTIONS, Resource: '*' });
    // Nothing on the cluster beyond connecting and describing: the bootstrap string reaches the job as a property.
    expect(JSON.stringify(statements)).not.toMatch(/kafka:|kinesis:/);
    const acknowledgements = Object.assign({}, ...f.job.role.node.metadata
      .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data));
    expect(acknowledgements['Annotation::AwsSolutions-IAM5[Resource::*]']).toBe(VPC_REASON);
  });

  test('the Source group: the IAM bootstrap brokers, the topic and the job\'s consumer group', () => {
    const f = kafkaJob();

    expect(propertyGroupsOf(f.template(), f.job).Source).toEqual({
      'source.type': 'kafka',
      'bootstrap.servers': getAtt(f.bridge.node.findChild('BootstrapBrokers').node.findChild('Resource'), 'BootstrapBrokerStringSaslIam'),
      'topic': 'orders',
      'group.id': 'windows',
      'aws.region': 'us-east-1',
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'AWS_MSK_IAM',
      'sasl.jaas.config': 'software.amazon.msk.auth.iam.IAMLoginModule required;',
      'sasl.client.callback.handler.class': 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',
    });
  });

  test('the job is a reader of the topic, whose partitions grow to its parallelism', () => {
    const f = kafkaJob({ parallelism: 12 });

    expect(f.topic.readers).toEqual([expect.objectContaining({ readerName: 'windows', path: JOB, parallelism: 12 })]);
    expect(resourceOf(f.template(), f.topic.resource!).Properties.PartitionCount).toBe(12);
  });

  test('a second reader in the job\'s group is refused', () => {
    const f = kafkaJob();

    expectInputError(() => new StreamAnalytics(f.stack, 'Other', { source: f.topic, code: bucketCode(f.stack), readerName: 'windows' }),
      'TestStack/Other: consumer group \'windows\' already reads TestStack/Bridge for TestStack/Job: each reader needs its own group '
      + '(give it another `readerName`)');
  });
});

describe('StreamAnalytics on a Kafka topic: reaching the sinks from the VPC', () => {
  test('a table sink: a DynamoDB gateway endpoint on the brokers\' route tables', () => {
    const f = kafkaJob(stack => ({
      sinks: [AnalyticsSink.toTable(new dynamodb.Table(stack, 'Windows', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }))],
    }));

    const endpoints = Object.values(f.template().findResources(ENDPOINT)).map(e => e.Properties);
    expect(endpoints).toEqual([{
      VpcEndpointType: 'Gateway',
      VpcId: ref(f.vpc),
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.dynamodb']] },
      RouteTableIds: f.stack.resolve(f.vpc.isolatedSubnets.map(s => s.routeTable.routeTableId)),
    }]);
  });

  test('a stream sink: a Kinesis interface endpoint with private DNS, open on 443 to the job\'s group and the brokers\'', () => {
    const f = kafkaJob(stack => ({
      sinks: [AnalyticsSink.toStream(kinesis.Stream.fromStreamArn(stack, 'Out', 'arn:aws:kinesis:us-east-1:111111111111:stream/out'))],
    }));
    const template = f.template();
    const group = f.job.node.findChild('SecurityGroup');
    const endpoint = f.bridge.node.findChild('Endpoints').node.findChild('KINESIS') as ec2.InterfaceVpcEndpoint;

    expect(resourceOf(template, endpoint).Properties).toMatchObject({
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.kinesis-streams',
      PrivateDnsEnabled: true,
      SubnetIds: brokerSubnets(f),
    });
    const endpointGroup = endpoint.connections.securityGroups[0];
    const ingress = Object.values(template.findResources(INGRESS))
      .filter(r => JSON.stringify(r.Properties.GroupId) === JSON.stringify(getAtt(endpointGroup, 'GroupId')))
      .map(r => r.Properties);
    expect(ingress).toEqual(expect.arrayContaining([
      {
        Description: `HTTPS from ${JOB}/SecurityGroup to kinesis`,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        GroupId: getAtt(endpointGroup, 'GroupId'),
        SourceSecurityGroupId: getAtt(group, 'GroupId'),
      },
      expect.objectContaining({ FromPort: 443, SourceSecurityGroupId: f.stack.resolve(f.bridge.connections.securityGroups[0].securityGroupId) }),
    ]));
    expect(ingress).toHaveLength(2);
  });

  test('a bucket sink: an S3 gateway endpoint; a domain sink: none (OpenSearch has no endpoint the bridge makes)', () => {
    const f = kafkaJob(stack => ({
      sinks: [
        AnalyticsSink.toBucket(s3.Bucket.fromBucketName(stack, 'Lake', 'order-lake')),
        AnalyticsSink.toDomain(opensearch.Domain.fromDomainEndpoint(stack, 'Search', 'https://search-abc.us-east-1.es.amazonaws.com'), { index: 'orders' }),
      ],
    }));

    const endpoints = Object.values(f.template().findResources(ENDPOINT)).map(e => e.Properties);
    expect(endpoints).toEqual([expect.objectContaining({
      VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    })]);
  });

  test('the start waits for the topic, the endpoints, the logging option and the application', () => {
    const f = kafkaJob(stack => ({
      sinks: [
        AnalyticsSink.toTable(dynamodb.Table.fromTableName(stack, 'Windows', 'windows')),
        AnalyticsSink.toStream(kinesis.Stream.fromStreamArn(stack, 'Out', 'arn:aws:kinesis:us-east-1:111111111111:stream/out')),
      ],
    }));
    const endpoints = f.bridge.node.findChild('Endpoints');

    expect(resourceOf(f.template(), f.job.started!).DependsOn.sort()).toEqual([
      logicalId(f.topic.resource!),
      logicalId(endpoints.node.findChild('DYNAMODB')),
      logicalId(endpoints.node.findChild('KINESIS')),
      logicalId(f.job.node.findChild('Logging')),
      logicalId(f.job.application),
    ].sort());
  });

  test('a public domain sink from the VPC: an acknowledgeable warning that the job needs a NAT gateway to reach it', () => {
    const f = kafkaJob(stack => ({
      sinks: [AnalyticsSink.toDomain(opensearch.Domain.fromDomainEndpoint(stack, 'Search', 'https://search-abc.us-east-1.es.amazonaws.com'), { index: 'orders' })],
    }));

    f.template();
    expect(Annotations.fromStack(f.stack).findWarning(`/${JOB}`, Match.anyValue()).map(w => w.entry.data)).toEqual([
      `${JOB} runs in its Kafka source's subnets and writes to sink 'domain' through its public endpoint: without a NAT gateway there the `
      + 'job cannot reach it. Give the subnets a route to the internet, or place the domain in that VPC (a new `opensearch.Domain` with '
      + '`vpc` is opened to the application on 443). [ack: cdk-streaming-pipelines:StreamAnalytics:sinkNeedsRouteFromVpc]',
    ]);
  });

  test('a domain in the bridge\'s VPC: its security group admits the application on 443, and no warning', () => {
    const f = kafkaJob(stack => ({
      sinks: [AnalyticsSink.toDomain(vpcDomain(stack), { index: 'orders' })],
    }));
    const domainGroup = (f.stack.node.findChild('Search') as opensearch.Domain).connections.securityGroups[0];

    f.template().hasResourceProperties(INGRESS, {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      GroupId: getAtt(domainGroup, 'GroupId'),
      SourceSecurityGroupId: getAtt(f.job.connections!.securityGroups[0], 'GroupId'),
      Description: `HTTPS from the Managed Flink application ${JOB}`,
    });
    expect(Annotations.fromStack(f.stack).findWarning(`/${JOB}`, Match.anyValue())).toEqual([]);
  });

  test('a domain in a VPC with a Kinesis source, whose job runs outside any: refused, with the way out', () => {
    expectInputError(() => kinesisJob(stack => ({ sinks: [AnalyticsSink.toDomain(vpcDomain(stack), { index: 'orders' })] })),
      `${JOB}: sink 'domain' is in a VPC, and the application runs outside any (its source needs none), so it cannot reach it: `
      + 'a job runs in a VPC only to read a Kafka topic. Write to a domain outside a VPC, or read the records from a Kafka topic');
  });

  test('readsSchema on a topic with a schema: a Glue interface endpoint open to the job, and the start waits for it', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, createAlarms: false });
    const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() });
    const topic = bridge.addTopic('orders', { schema });
    const job = new StreamAnalytics(stack, 'Job', { source: topic, code: bucketCode(stack), readsSchema: true });
    const template = Template.fromStack(stack);
    const glue = bridge.node.findChild('Endpoints').node.findChild('GLUE') as ec2.InterfaceVpcEndpoint;

    template.hasResourceProperties(ENDPOINT, { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.glue' });
    template.hasResourceProperties(INGRESS, {
      FromPort: 443, GroupId: getAtt(glue.connections.securityGroups[0], 'GroupId'), SourceSecurityGroupId: getAtt(job.connections!.securityGroups[0], 'GroupId'),
    });
    expect(resourceOf(template, job.started!).DependsOn).toContain(logicalId(glue));
  });

  test('a bridge without VPC endpoints: each service the job needs is warned about, once per sink', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, createAlarms: false, createVpcEndpoints: false });
    new StreamAnalytics(stack, 'Job', {
      source: bridge.addTopic('orders'),
      code: bucketCode(stack),
      sinks: [AnalyticsSink.toTable(dynamodb.Table.fromTableName(stack, 'Windows', 'windows'))],
    });

    Template.fromStack(stack).resourceCountIs(ENDPOINT, 0);
    expect(Annotations.fromStack(stack).findWarning(`/${JOB}`, Match.anyValue()).map(w => w.entry.data)).toEqual([
      `${JOB} runs in its Kafka source's subnets, where the source makes no VPC endpoint for dynamodb (\`createVpcEndpoints: false\`), `
      + 'which sink \'table\' needs: give the subnets an endpoint or a NAT gateway for it. '
      + '[ack: cdk-streaming-pipelines:StreamAnalytics:serviceNeedsRouteFromVpc]',
    ]);
  });

  test('a sink asking for a service no endpoint serves: refused, naming the sink and the allowed services', () => {
    const odd = new (class extends AnalyticsSink {
      public readonly sinkName = 'odd';
      public bind() {
        return { properties: { 'sink.type': 'odd' }, services: ['sqs'] };
      }
    })();
    expectInputError(() => kafkaJob({ sinks: [odd] }),
      `${JOB}: sink 'odd' asks to reach 'sqs': a sink's \`services\` are among kinesis, s3, dynamodb, glue`);
  });

  test('a Kinesis source with the same sinks: no VPC, no security group, no endpoint', () => {
    const { job, template } = kinesisJob(stack => ({
      sinks: [
        AnalyticsSink.toTable(dynamodb.Table.fromTableName(stack, 'Windows', 'windows')),
        AnalyticsSink.toStream(kinesis.Stream.fromStreamArn(stack, 'Out', 'arn:aws:kinesis:us-east-1:111111111111:stream/out')),
      ],
    }));

    expect(job.connections).toBeUndefined();
    template().resourceCountIs(ENDPOINT, 0);
    template().resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(resourceOf(template(), job.application).Properties.ApplicationConfiguration.VpcConfigurations).toBeUndefined();
    expect(JSON.stringify(roleStatements(template(), job.role))).not.toContain('ec2:');
  });
});

describe('StreamAnalytics on a Kafka topic: the lag alarm', () => {
  const insights = (metric: string) => ({
    'Fn::Join': ['', [`SELECT MAX(${metric}) FROM "AWS/KinesisAnalytics" WHERE Application = '`, { Ref: expect.stringMatching(/^Job/) }, '\'']],
  });

  test('with maxLagRecords: records_lag_max across every dimension, above it', () => {
    const f = kafkaJob({ maxLagRecords: 12000 });
    const lag = jobAlarms(f.template()).Lag;

    expect(lag.Properties).toMatchObject({
      Threshold: 12000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
      Metrics: [{ Id: 'expr_1', Expression: insights('records_lag_max'), Label: 'records_lag_max (records)', Period: 60, ReturnData: true }],
    });
    expect(lag.Properties.AlarmDescription).toBe(`Managed Flink application ${JOB}: the job stayed behind its source for 5 minutes: `
      + 'records_lag_max above the 12000 records of `maxLagRecords`. It does not keep up: raise parallelism '
      + '(and the source\'s shards or partitions to match), or look for backpressure from a sink.');
  });

  test('a Kafka-type source that measures no lag and no maxLagRecords: refused, asking for it', () => {
    expectInputError(() => kafkaJob({}, topic => withoutLagMeasure(topic)),
      `${JOB}: Kafka topic orders of TestStack/Bridge measures no lag for its readers: give \`maxLagRecords\`, the records_lag_max at which the lag alarm fires`);
  });

  test('with maxLagRecords: that threshold, whatever the source measures', () => {
    const f = kafkaJob({ maxLagRecords: 5000 });
    const lag = jobAlarms(f.template()).Lag.Properties;

    expect(lag.Threshold).toBe(5000);
    expect(lag.Metrics[0].Expression).toEqual(insights('records_lag_max'));
    expect(lag.AlarmDescription).toContain('records_lag_max above the 5000 records of `maxLagRecords`');
  });

  test('with neither: MSK\'s EstimatedMaxTimeLag of the job\'s group, above the objective plus one checkpoint interval (120 s)', () => {
    const f = kafkaJob();
    const lag = jobAlarms(f.template()).Lag.Properties;

    expect(lag.Threshold).toBe(120000);
    expect(lag.Metrics).toEqual([
      { Id: 'expr_1', Expression: 'lagSeconds * 1000', Label: 'EstimatedMaxTimeLag of windows (ms)', ReturnData: true },
      {
        Id: 'lagSeconds',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Kafka',
            MetricName: 'EstimatedMaxTimeLag',
            Dimensions: [{ Name: 'Cluster Name', Value: 'orders' }, { Name: 'Consumer Group', Value: 'windows' }, { Name: 'Topic', Value: 'orders' }],
          },
          Period: 60,
          Stat: 'Maximum',
        },
        ReturnData: false,
      },
    ]);
    expect(lag.AlarmDescription).toContain('the source\'s lag for the job\'s consumer group above 120 seconds (the latency objective '
      + 'plus one checkpoint interval, since Flink commits offsets at checkpoints; give `maxLagRecords` to watch records_lag_max)');
  });

  test('with neither, a 30-second objective and 2-minute checkpoints: 150 s', () => {
    const f = kafkaJob({ latencyObjective: Duration.seconds(30), checkpointInterval: Duration.minutes(2) });

    expect(jobAlarms(f.template()).Lag.Properties.Threshold).toBe(150000);
  });
});

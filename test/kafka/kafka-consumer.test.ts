import { Duration, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { KafkaBridge, KafkaInstanceType, ShardConsumer, ShardConsumerProps } from '../../src';
import { testStack } from '../app-fixture';
import { consumerIn, newHandler } from '../consume/consumer-helpers';
import { expectInputError } from '../input-errors';
import { logicalId, ref } from '../template-refs';

const ALARM = 'AWS::CloudWatch::Alarm';
const ENDPOINT = 'AWS::EC2::VPCEndpoint';
const SOURCE_NAME = 'Kafka topic orders of TestStack/Bridge';
/** Every polling statement the MSK event source mapping needs on '*', as the binding lists them. */
const POLLER_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface',
  'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
];

/** A bridge 'Bridge' (cluster 'orders') in an isolated 3-AZ VPC, its topic 'orders', and a consumer 'Fraud' of it. */
function kafkaConsumer(options: Partial<ShardConsumerProps> = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders' });
  const topic = bridge.addTopic('orders');
  const handler = newHandler(stack);
  const consumer = new ShardConsumer(stack, 'Fraud', { source: topic, handler, readerName: 'fraud', ...options });
  return { stack, vpc, bridge, topic, handler, consumer, template: () => Template.fromStack(stack) };
}

/** The cdk-nag rules acknowledged on a construct, by finding id, with their reasons. */
function acknowledged(construct: IConstruct): { [finding: string]: string } {
  return Object.assign({}, ...construct.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data));
}

/** Every statement of the handler role's policies. */
function handlerStatements(template: Template, role: iam.IRole): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([ref(role)]))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('ShardConsumer on a Kafka topic: the mapping', () => {
  test('reads the topic as the reader\'s consumer group with provisioned pollers, without Kinesis-only settings', () => {
    const { stack, bridge, consumer, handler, template } = kafkaConsumer();
    const mapping = template().toJSON().Resources[logicalId(consumer.eventSourceMapping)].Properties;

    expect(mapping.EventSourceArn).toEqual(stack.resolve(bridge.clusterArn));
    expect(mapping.FunctionName).toEqual(ref(handler));
    expect(mapping.Topics).toEqual(['orders']);
    expect(mapping.AmazonManagedKafkaEventSourceConfig).toEqual({ ConsumerGroupId: consumer.readerName });
    expect(consumer.readerName).toBe('fraud');
    expect(mapping.ProvisionedPollerConfig).toEqual({ MinimumPollers: 1 });
    expect(mapping.ParallelizationFactor).toBeUndefined();
    expect(mapping.TumblingWindowInSeconds).toBeUndefined();
    // What Lambda applies to Kafka mappings in provisioned mode: retries, bisecting, record age, partial batch responses.
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: 453600, // three quarters of the topic's 7 days
    });
  });

  test('the handler may read the topic as its group and describe the cluster; the mapping waits for the policy', () => {
    const { stack, bridge, topic, consumer, handler, template } = kafkaConsumer();
    const statements = handlerStatements(template(), handler.role!);
    const resolve = (v: string) => stack.resolve(v);

    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], Resource: resolve(topic.topicArn) }),
      expect.objectContaining({ Action: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], Resource: resolve(bridge._arns.group('fraud')) }),
      expect.objectContaining({
        Action: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
        Resource: resolve(bridge.clusterArn),
      }),
      expect.objectContaining({ Action: POLLER_NETWORK_ACTIONS, Resource: '*' }),
    ]));
    expect(JSON.stringify(statements)).toContain('kafka-cluster:Connect');
    const dependsOn = template().toJSON().Resources[logicalId(consumer.eventSourceMapping)].DependsOn;
    expect(dependsOn).toContain(logicalId((handler.role as iam.Role).node.findChild('DefaultPolicy')));
  });

  test('the pollers\' network actions on \'*\' are acknowledged for cdk-nag AwsSolutions-IAM5 with a reason, and nothing else is', () => {
    const { stack, handler } = kafkaConsumer();
    const findings = new AwsSolutionsChecks().validateScope(stack).violations
      .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath} ${r.locations?.join(',') ?? ''}`))
      .filter(f => f.includes('TestStack/Handler') || f.includes('TestStack/Fraud') || f.includes('TestStack/Bridge'));
    // What remains is the test fixture's own: the handler's AWS-managed basic execution role and its runtime.
    expect(findings.filter(f => !f.startsWith('AwsSolutions-IAM4[') && !f.startsWith('AwsSolutions-L1 '))).toEqual([]);
    expect(acknowledged(handler.role!)['Annotation::AwsSolutions-IAM5[Resource::*]'])
      .toBe(`Lambda needs ${POLLER_NETWORK_ACTIONS.join(', ')} to create and run the event source mapping on ${SOURCE_NAME} `
        + '(its pollers\' network interfaces in the source\'s VPC); these actions take no resource narrower than \'*\'.');
  });

  test('a Kinesis consumer gets no mapping statements and no acknowledgement', () => {
    const { handler, template } = consumerIn();

    expect(JSON.stringify(template().findResources('AWS::IAM::Policy'))).not.toContain('ec2:');
    expect(Object.keys(acknowledged(handler.role!))).not.toContain('Annotation::AwsSolutions-IAM5[Resource::*]');
  });
});

describe('ShardConsumer on a Kafka topic: refusals', () => {
  test.each<[string, Partial<ShardConsumerProps>, string]>([
    ['parallelizationFactor', { parallelizationFactor: 2 },
      `TestStack/Fraud: \`parallelizationFactor\` does not apply to ${SOURCE_NAME}, got 2: Lambda processes concurrent batches per shard only `
      + 'on Kinesis and DynamoDB streams. Leave it out: this source is read in parallel by its partitions, one batch at a time each'],
    ['parallelizationFactor 1', { parallelizationFactor: 1 },
      `TestStack/Fraud: \`parallelizationFactor\` does not apply to ${SOURCE_NAME}, got 1: Lambda processes concurrent batches per shard only `
      + 'on Kinesis and DynamoDB streams. Leave it out: this source is read in parallel by its partitions, one batch at a time each'],
    ['tumblingWindow', { tumblingWindow: Duration.minutes(1) },
      `TestStack/Fraud: \`tumblingWindow\` does not apply to ${SOURCE_NAME}, got 1 minute: Lambda aggregates over tumbling windows only on Kinesis `
      + 'and DynamoDB streams. Leave it out and keep state in the handler (e.g. a DynamoDB table) or in a Flink job'],
    ['enhancedFanOut', { enhancedFanOut: true },
      `TestStack/Fraud: enhanced fan-out (\`enhancedFanOut\`, or \`readMode\` ENHANCED_FAN_OUT) is a Kinesis feature, and ${SOURCE_NAME} `
      + 'has none: each reader is its own consumer group and reads every partition at the brokers\' full rate. Read by polling (leave out `enhancedFanOut`)'],
    ['a consumer group id with \':\'', { readerName: 'a:b' },
      'TestStack/Fraud: `readerName` (the reader\'s consumer group id on a Kafka topic) must not contain \':\', got \'a:b\': MSK publishes no consumer-lag metrics for such a group, '
      + 'so its lag alarm would never fire. Use \'-\' or \'.\' instead'],
  ])('%s', (_name, options, message) => {
    expectInputError(() => kafkaConsumer(options), message);
  });
});

describe('ShardConsumer on a Kafka topic: alarms and metrics', () => {
  const lagMetric = (threshold: number, periods: number) => ({
    Threshold: threshold,
    EvaluationPeriods: periods,
    DatapointsToAlarm: periods,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'ignore',
    Metrics: Match.arrayWith([
      Match.objectLike({ Expression: 'lagSeconds * 1000', ReturnData: true }),
      Match.objectLike({
        Id: 'lagSeconds',
        ReturnData: false,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Kafka',
            MetricName: 'EstimatedMaxTimeLag',
            Dimensions: Match.arrayWith([
              { Name: 'Cluster Name', Value: 'orders' }, { Name: 'Consumer Group', Value: 'fraud' }, { Name: 'Topic', Value: 'orders' },
            ]),
          },
          Period: 60,
          Stat: 'Maximum',
        },
      }),
    ]),
  });

  test('the latency objective and the backstop watch MSK\'s EstimatedMaxTimeLag × 1000 of the group, under their usual ids', () => {
    const { consumer, template } = kafkaConsumer();
    const resources = template().toJSON().Resources;
    const alarm = (id: string) => resources[logicalId(consumer.node.findChild(id))].Properties;

    // 5-minute objective, 42-hour backstop (a quarter of the 7-day retention).
    expect(alarm('LatencyObjectiveAlarm')).toMatchObject({ Threshold: 300000, EvaluationPeriods: 3 });
    template().hasResourceProperties(ALARM, lagMetric(300000, 3));
    template().hasResourceProperties(ALARM, lagMetric(151200000, 5));
    expect(alarm('LatencyObjectiveAlarm').AlarmDescription).toBe(`Stream consumer TestStack/Fraud (reader fraud of ${SOURCE_NAME}): `
      + 'the reader stayed more than the 5 minutes latency objective behind the topic\'s newest record (AWS/Kafka EstimatedMaxTimeLag, '
      + 'as lagSeconds * 1000, in milliseconds) for 3 minutes: records are processed later than promised. The handler is slow, failing '
      + 'and retrying, or throttled: check its errors, duration and throttles, then speed it up or add partitions (Lambda processes '
      + 'each partition one batch at a time) or raise the mapping\'s maximum provisioned pollers.');
    expect(alarm('IteratorAgeAlarm').AlarmDescription).toMatch(/data-loss backstop: the reader stayed more than 42 hours .* behind the topic's newest record \(AWS\/Kafka EstimatedMaxTimeLag/);
    for (const id of ['LatencyObjectiveAlarm', 'IteratorAgeAlarm']) {
      expect(alarm(id).AlarmDescription).not.toMatch(/shard|parallelizationFactor|IteratorAge/);
    }
    // Lambda publishes no IteratorAge for Kafka mappings, and the lag is not alarmed twice.
    expect(JSON.stringify(template().findResources(ALARM))).not.toContain('"IteratorAge"');
    expect(consumer.node.tryFindChild('MillisBehindLatestAlarm')).toBeUndefined();
    expect(JSON.stringify(template().findResources(ALARM))).not.toMatch(/shards|parallelizationFactor/);
  });

  test('OffsetLagAlarm: Lambda\'s OffsetLag of the function grew in each of 15 minutes in a row; missing data is not breaching', () => {
    const { consumer, handler, template } = kafkaConsumer();
    const props = template().toJSON().Resources[logicalId(consumer.node.findChild('OffsetLagAlarm'))].Properties;

    expect(props).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      TreatMissingData: 'notBreaching',
    });
    expect(props.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'RATE(offsetLag)', ReturnData: true }),
      expect.objectContaining({
        Id: 'offsetLag',
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'OffsetLag', Dimensions: [{ Name: 'FunctionName', Value: ref(handler) }] },
          Period: 60,
          Stat: 'Maximum',
        },
      }),
    ]));
    expect(props.AlarmDescription).toMatch(/Lambda's OffsetLag \(records between the topic's end and the consumer group's position\) grew in every one of 15 minutes in a row/);
  });

  test('metricOffsetLag: Lambda\'s OffsetLag by function, Maximum per minute; none on Kinesis', () => {
    const { stack, consumer, handler } = kafkaConsumer();
    const m = consumer.metricOffsetLag()!;

    expect(m.namespace).toBe('AWS/Lambda');
    expect(m.metricName).toBe('OffsetLag');
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toSeconds()).toBe(60);
    expect(stack.resolve(m.dimensions)).toEqual({ FunctionName: ref(handler) });
    expect(consumerIn().consumer.metricOffsetLag()).toBeUndefined();
    expect(consumerIn().consumer.node.tryFindChild('OffsetLagAlarm')).toBeUndefined();
  });

  test('errors and throttles speak of partitions', () => {
    const { consumer, template } = kafkaConsumer();
    const resources = template().toJSON().Resources;
    const description = (id: string) => resources[logicalId(consumer.node.findChild(id))].Properties.AlarmDescription;

    expect(description('ErrorsAlarm')).toContain('Each failed batch is retried and holds its partition;');
    expect(description('ThrottlesAlarm')).toContain('so partitions wait. Each partition needs one concurrent execution:');
  });
});

describe('ShardConsumer on a Kafka topic: the failure destination is reachable from the cluster\'s VPC', () => {
  test('the default S3 failure bucket: an S3 gateway endpoint', () => {
    const { stack, vpc, template } = kafkaConsumer();

    template().hasResourceProperties(ENDPOINT, {
      VpcEndpointType: 'Gateway',
      VpcId: ref(vpc),
      ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] }),
    });
    const services = JSON.stringify(stack.resolve(Object.values(template().findResources(ENDPOINT)).map(e => e.Properties.ServiceName)));
    expect(services).not.toMatch(/\.sqs|\.sns/);
  });

  test('a failureQueue: an SQS interface endpoint, no S3 endpoint', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders' });
    new ShardConsumer(stack, 'Fraud', { source: bridge.addTopic('orders'), handler: newHandler(stack), failureQueue: new sqs.Queue(stack, 'Failures') });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(ENDPOINT, {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.sqs',
      PrivateDnsEnabled: true,
    });
    expect(Object.values(template.findResources(ENDPOINT)).filter(e => e.Properties.VpcEndpointType === 'Gateway')).toEqual([]);
  });

  test('a Kinesis consumer creates no VPC endpoint', () => {
    const { template } = consumerIn();

    template().resourceCountIs(ENDPOINT, 0);
  });
});

describe('ShardConsumer on a Kafka topic: warnings and failure texts speak of partitions and offsets', () => {
  test('a failureQueue on a 24-hour topic: pointers-only and short replay warnings, and the given-up alarm, name the topic', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders' });
    const topic = bridge.addTopic('orders', { retention: Duration.hours(24) });
    const consumer = new ShardConsumer(stack, 'Fraud', {
      source: topic, handler: newHandler(stack), readerName: 'fraud', failureQueue: new sqs.Queue(stack, 'Failures'),
    });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Fraud', Match.anyValue()).map(w => String(w.entry.data));

    expect(warnings).toEqual(expect.arrayContaining([
      'TestStack/Fraud records the batches Lambda gives up on in the SQS queue `failureQueue`, which receives their partition and '
        + `offsets, not the records: they can be replayed from ${SOURCE_NAME} for 6 hours (the 24-hour retention less \`maxRecordAge\` `
        + '18 hours), then they are lost. Leave out `onFailure` and `failureQueue` for the S3 failure bucket, which keeps the records. '
        + '[ack: cdk-streaming-pipelines:ShardConsumer:failureDestinationKeepsPointers]',
      expect.stringMatching(/^TestStack\/Fraud leaves 6 hours to replay a record given up on before the topic deletes it /),
    ]));
    const given = Template.fromStack(stack).toJSON().Resources[logicalId(consumer.node.findChild('GivenUpRecordsAlarm'))].Properties;
    expect(JSON.stringify(given.AlarmDescription)).toContain('names a partition and offset range, not the records: read them from the topic within 6 hours');
    expect(JSON.stringify(given.AlarmDescription)).not.toMatch(/shard|stream/);
  });
});

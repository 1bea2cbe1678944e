import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  ConsumerLagAlarmInputs, createConsumerLagAlarm, createKafkaClusterAlarms, KafkaClusterAlarmInputs,
} from '../../src/kafka/cluster-alarms';
import { KafkaClusterMetrics } from '../../src/kafka/cluster-metrics';
import { AlarmFactory } from '../../src/monitoring/alarm-factory';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { logicalId } from '../template-refs';

const ALARM = 'AWS::CloudWatch::Alarm';
const LABEL = 'MSK cluster TestStack/Bridge';
const CLUSTER = 'orders-cluster';

type ClusterInputs = Omit<KafkaClusterAlarmInputs, 'label' | 'clusterName'> & { clusterName?: string };

/** A plain construct 'Bridge' holding the alarms, as KafkaBridge will. */
function bridge(action?: (stack: Stack) => cw_actions.SnsAction) {
  const stack = testStack();
  const construct = new Construct(stack, 'Bridge');
  const factory = new AlarmFactory(construct, action?.(stack));
  const template = () => Template.fromStack(stack);
  const ids = () => construct.node.children.filter(c => Object.keys(template().findResources(ALARM)).includes(logicalId(c))).map(c => c.node.id);
  const alarm = (id: string) => template().findResources(ALARM)[logicalId(construct.node.findChild(id))].Properties;
  return { stack, construct, factory, template, ids, alarm };
}

function clusterAlarms(inputs: ClusterInputs) {
  const b = bridge();
  createKafkaClusterAlarms(b.factory, { label: LABEL, clusterName: CLUSTER, ...inputs });
  return b;
}

/** The dimensions of a broker metric, as CloudFormation lists them (sorted by name). */
function brokerDimensions(brokerId: number, clusterName: unknown = CLUSTER) {
  return [{ Name: 'Broker ID', Value: String(brokerId) }, { Name: 'Cluster Name', Value: clusterName }];
}

/** One broker's metric inside a metric-math alarm. */
function brokerStat(id: string, metricName: string, brokerId: number, stat: string) {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/Kafka', MetricName: metricName, Dimensions: brokerDimensions(brokerId) },
      Period: 60,
      Stat: stat,
    },
    ReturnData: false,
  };
}

/** The Metrics of an alarm on a value combined over brokers 1..n by metric math. */
function acrossBrokers(fn: string, metricName: string, stat: string, n: number, label: string) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return [
    { Expression: `${fn}([${ids.map(id => `broker${id}`).join(', ')}])`, Id: 'expr_1', Label: `${metricName}, ${label} over brokers`, ReturnData: true },
    ...ids.map(id => brokerStat(`broker${id}`, metricName, id, stat)),
  ];
}

/** The Metrics of an alarm on a Metrics Insights query over all brokers of the cluster. */
function insights(fn: string, metricName: string, label: string, clusterName = CLUSTER) {
  return [{
    Expression: `SELECT ${fn}(${metricName}) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = '${clusterName}'`,
    Id: 'expr_1',
    Label: `${metricName}, ${label} over brokers`,
    Period: 60,
    ReturnData: true,
  }];
}

const STANDARD_IDS = [
  'CpuAlarmBroker1', 'CpuAlarmBroker2', 'CpuAlarmBroker3',
  'DiskUsedAlarm', 'UnderReplicatedPartitionsAlarm', 'UnderMinIsrPartitionsAlarm', 'OfflinePartitionsAlarm', 'ActiveControllerAlarm',
];
const EXPRESS_IDS = [
  'CpuAlarmBroker1', 'CpuAlarmBroker2', 'CpuAlarmBroker3',
  'UnderMinIsrPartitionsAlarm', 'ActiveControllerAlarm', 'ProduceThrottleAlarm', 'FetchThrottleAlarm',
];

describe('the alarm set per cluster kind', () => {
  test.each<[string, ClusterInputs, string[]]>([
    ['Standard, 3 brokers', { clusterKind: 'STANDARD', brokerIds: [1, 2, 3] }, STANDARD_IDS],
    ['Express, 3 brokers: no disk, under-replicated or offline alarms, throttling instead', { clusterKind: 'EXPRESS', brokerIds: [1, 2, 3] }, EXPRESS_IDS],
    ['Serverless: no broker alarms at all', { clusterKind: 'SERVERLESS' }, []],
    ['Standard, imported (brokers unknown): one CPU alarm',
      { clusterKind: 'STANDARD' },
      ['CpuAlarm', 'DiskUsedAlarm', 'UnderReplicatedPartitionsAlarm', 'UnderMinIsrPartitionsAlarm', 'OfflinePartitionsAlarm', 'ActiveControllerAlarm']],
    ['Express, imported',
      { clusterKind: 'EXPRESS' },
      ['CpuAlarm', 'UnderMinIsrPartitionsAlarm', 'ActiveControllerAlarm', 'ProduceThrottleAlarm', 'FetchThrottleAlarm']],
  ])('%s', (_name, inputs, expected) => {
    const { ids, template, factory } = clusterAlarms(inputs);

    expect(ids()).toEqual(expected);
    template().resourceCountIs(ALARM, expected.length);
    expect(factory.alarms).toHaveLength(expected.length);
  });

  test('one CPU alarm per broker: 6 brokers, 6 alarms, each on its own broker', () => {
    const { ids, alarm } = clusterAlarms({ clusterKind: 'STANDARD', brokerIds: [1, 2, 3, 4, 5, 6] });

    expect(ids().filter(id => id.startsWith('Cpu'))).toEqual([1, 2, 3, 4, 5, 6].map(id => `CpuAlarmBroker${id}`));
    expect(alarm('CpuAlarmBroker5').Metrics[1].MetricStat.Metric.Dimensions).toEqual(brokerDimensions(5));
  });
});

describe('Standard cluster alarms, brokers known', () => {
  const standard = () => clusterAlarms({ clusterKind: 'STANDARD', brokerIds: [1, 2, 3] });

  test('CPU: CpuUser + CpuSystem above 60% for 5 minutes, per broker', () => {
    expect(standard().alarm('CpuAlarmBroker2')).toEqual({
      Metrics: [
        { Expression: 'user + system', Id: 'expr_1', Label: 'CPU (user + system) of broker 2', ReturnData: true },
        brokerStat('user', 'CpuUser', 2, 'Average'),
        brokerStat('system', 'CpuSystem', 2, 'Average'),
      ],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'ignore',
      AlarmDescription: `${LABEL}: broker 2's CPU (CpuUser + CpuSystem) has been above 60% for 5 minutes. `
        + 'Add brokers (and reassign partitions) or use a bigger instance type before latency and throttling rise.',
    });
  });

  test('disk: the fullest broker\'s KafkaDataLogsDiskUsed at or above 85% for 5 minutes', () => {
    expect(standard().alarm('DiskUsedAlarm')).toEqual({
      Metrics: acrossBrokers('MAX', 'KafkaDataLogsDiskUsed', 'Maximum', 3, 'highest'),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 85,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'ignore',
      AlarmDescription: `${LABEL}: a broker's data-log disk is at least 85% full (KafkaDataLogsDiskUsed) for 5 minutes; `
        + 'a full disk stops the broker. Raise the storage per broker (storage only grows), shorten topic retention, '
        + 'or add brokers and reassign partitions.',
    });
  });

  test('under-replicated partitions: the brokers\' sum above 0 for 15 minutes', () => {
    expect(standard().alarm('UnderReplicatedPartitionsAlarm')).toEqual({
      Metrics: acrossBrokers('SUM', 'UnderReplicatedPartitions', 'Maximum', 3, 'sum'),
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      TreatMissingData: 'ignore',
      AlarmDescription: expect.stringMatching(new RegExp(`^${LABEL}: partitions have been under-replicated \\(UnderReplicatedPartitions\\) `
        + 'for 15 minutes.*add brokers or use a bigger instance type\\.$')),
    });
  });

  test('under-min-ISR partitions: the brokers\' sum at least 1 for 3 minutes', () => {
    expect(standard().alarm('UnderMinIsrPartitionsAlarm')).toEqual({
      Metrics: acrossBrokers('SUM', 'UnderMinIsrPartitionCount', 'Maximum', 3, 'sum'),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'ignore',
      AlarmDescription: expect.stringMatching(new RegExp(`^${LABEL}: partitions have fewer in-sync replicas than min.insync.replicas `
        + '\\(UnderMinIsrPartitionCount\\) for 3 minutes; producers with acks=all are refused\\.')),
    });
  });

  test('offline partitions: above 0 for 3 minutes, by Cluster Name only', () => {
    expect(standard().alarm('OfflinePartitionsAlarm')).toEqual({
      Namespace: 'AWS/Kafka',
      MetricName: 'OfflinePartitionsCount',
      Dimensions: [{ Name: 'Cluster Name', Value: CLUSTER }],
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'ignore',
      AlarmDescription: expect.stringMatching(new RegExp(`^${LABEL}: partitions have had no leader \\(OfflinePartitionsCount\\) for 3 minutes;`)),
    });
  });

  test.each<[string, ClusterInputs['metadataMode'], string, RegExp]>([
    ['ZooKeeper: every broker reports it, so silence breaches', 'ZOOKEEPER', 'breaching', /below 1, or no broker reporting at all\) for 3 minutes/],
    ['KRaft: silence is not breaching', 'KRAFT', 'notBreaching', /\(ActiveControllerCount below 1\) for 3 minutes/],
    ['mode unknown: silence is not breaching', undefined, 'notBreaching', /\(ActiveControllerCount below 1\) for 3 minutes/],
  ])('active controller below 1 for 3 minutes, by Cluster Name only; %s', (_name, metadataMode, missing, description) => {
    const { alarm } = clusterAlarms({ clusterKind: 'STANDARD', brokerIds: [1, 2, 3], metadataMode });

    expect(alarm('ActiveControllerAlarm')).toEqual({
      Namespace: 'AWS/Kafka',
      MetricName: 'ActiveControllerCount',
      Dimensions: [{ Name: 'Cluster Name', Value: CLUSTER }],
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: missing,
      AlarmDescription: expect.stringMatching(description),
    });
  });

  test('no alarm anywhere is dimensioned by ClusterName, BrokerId or an ARN', () => {
    const json = JSON.stringify(standard().template().toJSON());

    expect(json).not.toMatch(/"Name":"(ClusterName|BrokerId|ClusterArn)"/);
    expect(json).toContain('"Name":"Cluster Name"');
  });
});

describe('Express cluster alarms', () => {
  test.each<[string, string]>([
    ['ProduceThrottleAlarm', 'ProduceThrottleTime'],
    ['FetchThrottleAlarm', 'FetchThrottleTime'],
  ])('%s: the most throttled broker\'s %s above 0 in 3 of 5 minutes, missing data not breaching', (id, metricName) => {
    const { alarm } = clusterAlarms({ clusterKind: 'EXPRESS', brokerIds: [1, 2, 3] });

    expect(alarm(id)).toEqual({
      Metrics: acrossBrokers('MAX', metricName, 'Average', 3, 'highest'),
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.stringMatching(new RegExp(`^${LABEL}: (produce|fetch) requests were throttled \\(${metricName}, `
        + 'the most throttled broker\\) in 3 of 5 minutes.*Add brokers or use a bigger Express instance type')),
    });
  });

  test('no metric that Express does not publish', () => {
    const json = JSON.stringify(clusterAlarms({ clusterKind: 'EXPRESS', brokerIds: [1, 2, 3] }).template().toJSON());

    for (const metricName of ['UnderReplicatedPartitions', 'OfflinePartitionsCount', 'KafkaDataLogsDiskUsed']) {
      expect(json).not.toContain(metricName);
    }
  });
});

describe('brokers unknown (imported cluster) or too many: Metrics Insights queries', () => {
  test.each<[string, string, string, string, string, number]>([
    ['CpuAlarm', 'MIN', 'CpuIdle', 'lowest', 'LessThanThreshold', 40],
    ['DiskUsedAlarm', 'MAX', 'KafkaDataLogsDiskUsed', 'highest', 'GreaterThanOrEqualToThreshold', 85],
    ['UnderReplicatedPartitionsAlarm', 'SUM', 'UnderReplicatedPartitions', 'sum', 'GreaterThanThreshold', 0],
    ['UnderMinIsrPartitionsAlarm', 'SUM', 'UnderMinIsrPartitionCount', 'sum', 'GreaterThanOrEqualToThreshold', 1],
  ])('Standard %s: SELECT %s(%s)', (id, fn, metricName, label, operator, threshold) => {
    const { alarm } = clusterAlarms({ clusterKind: 'STANDARD' });

    expect(alarm(id)).toEqual(expect.objectContaining({
      Metrics: insights(fn, metricName, label),
      ComparisonOperator: operator,
      Threshold: threshold,
      TreatMissingData: 'ignore',
    }));
  });

  test('the CPU alarm on idle CPU says what it measures', () => {
    expect(clusterAlarms({ clusterKind: 'STANDARD' }).alarm('CpuAlarm')).toEqual(expect.objectContaining({
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      AlarmDescription: `${LABEL}: the busiest broker's CPU has been above 60% (CpuIdle below 40%) for 5 minutes. `
        + 'Add brokers (and reassign partitions) or use a bigger instance type before latency and throttling rise.',
    }));
  });

  test.each<[string, string]>([
    ['ProduceThrottleAlarm', 'ProduceThrottleTime'],
    ['FetchThrottleAlarm', 'FetchThrottleTime'],
  ])('Express %s: SELECT MAX(%s)', (id, metricName) => {
    expect(clusterAlarms({ clusterKind: 'EXPRESS' }).alarm(id).Metrics).toEqual(insights('MAX', metricName, 'highest'));
  });

  test('11 known brokers are more than an alarm\'s 10 metrics: the cluster-wide alarms query, CPU stays per broker', () => {
    const brokerIds = Array.from({ length: 11 }, (_, i) => i + 1);
    const { alarm, ids } = clusterAlarms({ clusterKind: 'STANDARD', brokerIds });

    expect(alarm('DiskUsedAlarm').Metrics).toEqual(insights('MAX', 'KafkaDataLogsDiskUsed', 'highest'));
    expect(ids().filter(id => id.startsWith('Cpu'))).toHaveLength(11);
  });

  test('10 known brokers still fit one alarm\'s metric math', () => {
    const brokerIds = Array.from({ length: 10 }, (_, i) => i + 1);
    const { alarm } = clusterAlarms({ clusterKind: 'STANDARD', brokerIds });

    expect(alarm('DiskUsedAlarm').Metrics).toEqual(acrossBrokers('MAX', 'KafkaDataLogsDiskUsed', 'Maximum', 10, 'highest'));
  });

  test('a cluster name from a token goes into the query and the dimensions', () => {
    const b = bridge();
    const name = new CfnParameter(b.stack, 'ClusterName');
    createKafkaClusterAlarms(b.factory, { label: LABEL, clusterName: name.valueAsString, clusterKind: 'STANDARD' });

    expect(b.alarm('DiskUsedAlarm').Metrics[0].Expression).toEqual({
      'Fn::Join': ['', [
        'SELECT MAX(KafkaDataLogsDiskUsed) FROM SCHEMA("AWS/Kafka", "Broker ID", "Cluster Name") WHERE "Cluster Name" = \'',
        { Ref: 'ClusterName' },
        '\'',
      ]],
    });
    expect(b.alarm('OfflinePartitionsAlarm').Dimensions).toEqual([{ Name: 'Cluster Name', Value: { Ref: 'ClusterName' } }]);
  });
});

describe('createConsumerLagAlarm', () => {
  const lag = (inputs: Partial<ConsumerLagAlarmInputs> = {}) => {
    const b = bridge();
    const created = createConsumerLagAlarm(b.factory, {
      id: 'OrdersLagAlarm',
      label: 'Topic TestStack/Bridge/orders',
      clusterName: CLUSTER,
      topicName: 'orders',
      consumerGroup: 'billing',
      threshold: Duration.minutes(5),
      ...inputs,
    });
    return { ...b, created };
  };

  test('EstimatedMaxTimeLag above the threshold in seconds in 3 of 5 minutes, by Cluster Name, Consumer Group and Topic', () => {
    const { alarm, created, factory } = lag();

    expect(alarm('OrdersLagAlarm')).toEqual({
      Namespace: 'AWS/Kafka',
      MetricName: 'EstimatedMaxTimeLag',
      Dimensions: [
        { Name: 'Cluster Name', Value: CLUSTER },
        { Name: 'Consumer Group', Value: 'billing' },
        { Name: 'Topic', Value: 'orders' },
      ],
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 300,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: 'Topic TestStack/Bridge/orders: consumer group \'billing\' needs more than 5 minutes to catch up on topic '
        + '\'orders\' (EstimatedMaxTimeLag) in 3 of 5 minutes. Find the slow or failing consumer (errors, poison records, '
        + 'rebalancing), then add consumers (up to the partition count) or raise the partition count before records expire.',
    });
    expect(factory.alarms).toEqual([created]);
  });

  test('a fractional threshold keeps its seconds', () => {
    expect(lag({ threshold: Duration.millis(1500) }).alarm('OrdersLagAlarm').Threshold).toBe(1.5);
  });

  test('two groups on one topic: two alarms with their own ids', () => {
    const b = bridge();
    const common = { label: LABEL, clusterName: CLUSTER, topicName: 'orders', threshold: Duration.minutes(1) };
    createConsumerLagAlarm(b.factory, { ...common, id: 'BillingLagAlarm', consumerGroup: 'billing' });
    createConsumerLagAlarm(b.factory, { ...common, id: 'AuditLagAlarm', consumerGroup: 'audit' });

    b.template().resourceCountIs(ALARM, 2);
    b.template().hasResourceProperties(ALARM, {
      Dimensions: Match.arrayWith([{ Name: 'Consumer Group', Value: 'audit' }]),
      Threshold: 60,
    });
  });

  test.each<[string, Partial<ConsumerLagAlarmInputs>, string]>([
    ['a colon in the group id', { consumerGroup: 'app:billing' },
      '`consumerGroup` must not contain \':\', got \'app:billing\': MSK publishes no consumer-lag metrics for such a group, so its lag '
      + 'alarm would never fire. Use \'-\' or \'.\' instead'],
    ['a non-ASCII group id', { consumerGroup: 'facturación' },
      '`consumerGroup` must be 1-200 characters of a-z, A-Z, 0-9 and - / * _ + = . @, got \'facturación\''],
    ['an empty group id', { consumerGroup: '' }, '`consumerGroup` must be 1-200 characters of a-z, A-Z, 0-9 and - / * _ + = . @, got \'\''],
    ['a zero threshold', { threshold: Duration.seconds(0) }, '`threshold` of the consumer lag alarm must be at least 1 second, got 0 seconds'],
    ['a sub-second threshold', { threshold: Duration.millis(500) },
      '`threshold` of the consumer lag alarm must be at least 1 second, got 500 millis'],
  ])('refuses %s', (_name, inputs, message) => {
    expectInputError(() => lag(inputs), message);
  });

  test('a group id from a token is not checked', () => {
    const b = bridge();
    const group = new CfnParameter(b.stack, 'Group').valueAsString;
    createConsumerLagAlarm(b.factory, { id: 'LagAlarm', label: LABEL, clusterName: CLUSTER, topicName: 'orders', consumerGroup: group, threshold: Duration.minutes(1) });

    expect(b.alarm('LagAlarm').Dimensions).toContainEqual({ Name: 'Consumer Group', Value: { Ref: 'Group' } });
  });
});

describe('inputs', () => {
  test.each<[string, ClusterInputs, string]>([
    ['no broker ids', { clusterKind: 'STANDARD', brokerIds: [] },
      '`brokerIds` must list at least one broker id (leave it undefined when the ids are unknown), got []'],
    ['broker id 0 and 1.5', { clusterKind: 'STANDARD', brokerIds: [0, 1.5, 2] }, '`brokerIds` must be whole numbers from 1 (MSK numbers brokers 1..N), got 0, 1.5'],
    ['a repeated broker id', { clusterKind: 'EXPRESS', brokerIds: [1, 2, 2, 3, 3] }, '`brokerIds` must not repeat an id, got 2, 3 more than once'],
    ['broker ids for Serverless', { clusterKind: 'SERVERLESS', brokerIds: [1] },
      '`brokerIds` does not apply to an MSK Serverless cluster, which has no brokers to alarm on'],
    ['an empty cluster name', { clusterKind: 'STANDARD', clusterName: ' ' }, '`clusterName` must name the MSK cluster, got an empty string'],
  ])('refuses %s', (_name, inputs, message) => {
    expectInputError(() => clusterAlarms(inputs), message);
  });
});

test('every alarm goes to the factory\'s one action, on ALARM and OK', () => {
  const { template, factory } = bridge(s => new cw_actions.SnsAction(new sns.Topic(s, 'Oncall')));
  createKafkaClusterAlarms(factory, { label: LABEL, clusterName: CLUSTER, clusterKind: 'STANDARD', brokerIds: [1, 2, 3] });
  createConsumerLagAlarm(factory, { id: 'LagAlarm', label: LABEL, clusterName: CLUSTER, topicName: 'orders', consumerGroup: 'billing', threshold: Duration.minutes(1) });

  const alarms = Object.values(template().findResources(ALARM));
  expect(alarms).toHaveLength(STANDARD_IDS.length + 1);
  for (const a of alarms) {
    expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Oncall/) }]);
    expect(a.Properties.OKActions).toEqual(a.Properties.AlarmActions);
  }
});

describe('KafkaClusterMetrics', () => {
  const metrics = new KafkaClusterMetrics(CLUSTER, [1, 2]);

  test.each<[string, () => cloudwatch.Metric, string, Record<string, string>]>([
    ['cpuUser', () => metrics.cpuUser(1), 'CpuUser', { 'Cluster Name': CLUSTER, 'Broker ID': '1' }],
    ['dataLogsDiskUsed', () => metrics.dataLogsDiskUsed(2), 'KafkaDataLogsDiskUsed', { 'Cluster Name': CLUSTER, 'Broker ID': '2' }],
    ['activeControllers', () => metrics.activeControllers(), 'ActiveControllerCount', { 'Cluster Name': CLUSTER }],
    ['maxOffsetLag', () => metrics.maxOffsetLag('billing', 'orders'), 'MaxOffsetLag',
      { 'Cluster Name': CLUSTER, 'Consumer Group': 'billing', 'Topic': 'orders' }],
    ['estimatedMaxTimeLag', () => metrics.estimatedMaxTimeLag('billing', 'orders'), 'EstimatedMaxTimeLag',
      { 'Cluster Name': CLUSTER, 'Consumer Group': 'billing', 'Topic': 'orders' }],
  ])('%s in AWS/Kafka with literal dimension names, per minute', (_name, make, metricName, dimensions) => {
    const metric = make();

    expect(metric.namespace).toBe('AWS/Kafka');
    expect(metric.metricName).toBe(metricName);
    expect(metric.dimensions).toEqual(dimensions);
    expect(metric.period.toSeconds()).toBe(60);
  });

  test('metric options override the period and statistic', () => {
    const metric = metrics.cpuUser(1, { period: Duration.minutes(5), statistic: 'Maximum' });

    expect(metric.period.toSeconds()).toBe(300);
    expect(metric.statistic).toBe('Maximum');
  });

  test('brokerIds is a copy', () => {
    const ids = [1, 2, 3];
    const m = new KafkaClusterMetrics(CLUSTER, ids);
    ids.push(4);

    expect(m.brokerIds).toEqual([1, 2, 3]);
  });
});

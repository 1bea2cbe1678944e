import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { BrokerPlanOptions, BrokerSizing, KafkaBrokerType, KafkaInstanceType, KafkaWorkload } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

const ingest = (value: number) => `\`workload.ingestMibPerSecond\` must be a finite number of MiB/s greater than 0, got ${value}`;
const groups = (value: number) => `\`workload.consumerGroups\` must be an integer between 0 and 1000, got ${value}`;
const consume = (value: number) => `\`workload.consumeMibPerSecond\` must be a finite number of at least 0 MiB/s, got ${value}`;
const partitions = (value: number) => `\`workload.partitions\` must be an integer between 1 and 240000, got ${value}`;
const rf = (value: number) => `\`workload.replicationFactor\` must be an integer between 1 and 60, got ${value}`;
const headroom = (value: number) => `\`workload.headroom\` must be between 0 and 10 (a fraction: 0.25 plans for 25% above the peak), got ${value}`;
const retention = (value: number) => `\`workload.retention\` must be a finite number of hours greater than 0 and at most 87600, got ${value}`;

// Every message names the field, the allowed range with its unit, and the value given.
const INVALID: Array<[string, KafkaWorkload, string]> = [
  ['ingestMibPerSecond missing', {} as KafkaWorkload, '`workload.ingestMibPerSecond` is required: the peak write throughput in MiB/s'],
  ['ingestMibPerSecond 0', { ingestMibPerSecond: 0 }, ingest(0)],
  ['ingestMibPerSecond -1', { ingestMibPerSecond: -1 }, ingest(-1)],
  ['ingestMibPerSecond NaN', { ingestMibPerSecond: NaN }, ingest(NaN)],
  ['ingestMibPerSecond Infinity', { ingestMibPerSecond: Infinity }, ingest(Infinity)],
  ['consumerGroups -1', { ingestMibPerSecond: 1, consumerGroups: -1 }, groups(-1)],
  ['consumerGroups 1.5', { ingestMibPerSecond: 1, consumerGroups: 1.5 }, groups(1.5)],
  ['consumerGroups 1001', { ingestMibPerSecond: 1, consumerGroups: 1001 }, groups(1001)],
  ['consumeMibPerSecond -1', { ingestMibPerSecond: 1, consumeMibPerSecond: -1 }, consume(-1)],
  ['consumeMibPerSecond NaN', { ingestMibPerSecond: 1, consumeMibPerSecond: NaN }, consume(NaN)],
  ['partitions 0', { ingestMibPerSecond: 1, partitions: 0 }, partitions(0)],
  ['partitions 2.5', { ingestMibPerSecond: 1, partitions: 2.5 }, partitions(2.5)],
  ['partitions 240001', { ingestMibPerSecond: 1, partitions: 240001 }, partitions(240001)],
  ['replicationFactor 0', { ingestMibPerSecond: 1, replicationFactor: 0 }, rf(0)],
  ['replicationFactor 61', { ingestMibPerSecond: 1, replicationFactor: 61 }, rf(61)],
  ['headroom -0.1', { ingestMibPerSecond: 1, headroom: -0.1 }, headroom(-0.1)],
  ['headroom 11', { ingestMibPerSecond: 1, headroom: 11 }, headroom(11)],
  ['retention 0', { ingestMibPerSecond: 1, retention: Duration.seconds(0) }, retention(0)],
  ['retention 3,651 days', { ingestMibPerSecond: 1, retention: Duration.days(3651) }, retention(87624)],
];

describe('KafkaWorkload validation', () => {
  test.each(INVALID)('%s', (_name, workload, message) => {
    expectInputError(() => BrokerSizing.plan(workload), message);
    expectInputError(() => BrokerSizing.planServerless(workload), message);
  });

  test('a token figure is refused by name', () => {
    const stack = new Stack(new App());
    const param = new CfnParameter(stack, 'Ingest', { type: 'Number' });
    expectInputError(() => BrokerSizing.plan({ ingestMibPerSecond: param.valueAsNumber }), tokenError('workload.ingestMibPerSecond'));
    expectInputError(() => BrokerSizing.plan({ ingestMibPerSecond: 1, partitions: Token.asNumber({ resolve: () => 3 }) }),
      tokenError('workload.partitions'));
    expectInputError(() => BrokerSizing.plan({ ingestMibPerSecond: 1, retention: Duration.hours(param.valueAsNumber) }),
      '`workload.retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration');
  });

  test('the boundaries are accepted', () => {
    expect(() => BrokerSizing.plan({ ingestMibPerSecond: 0.001, consumerGroups: 0, partitions: 1, replicationFactor: 1, headroom: 10 }))
      .not.toThrow();
    expect(() => BrokerSizing.plan({ ingestMibPerSecond: 1, consumerGroups: 1000, retention: Duration.minutes(1) })).not.toThrow();
  });
});

describe('BrokerPlanOptions validation', () => {
  const one: KafkaWorkload = { ingestMibPerSecond: 1 };
  test.each<[string, KafkaWorkload, BrokerPlanOptions, string]>([
    ['availabilityZones 1', one, { availabilityZones: 1 }, '`availabilityZones` must be an integer between 2 and 3, got 1'],
    ['availabilityZones 4', one, { availabilityZones: 4 }, '`availabilityZones` must be an integer between 2 and 3, got 4'],
    ['brokerCount 0', one, { brokerCount: 0 }, '`brokerCount` must be an integer between 1 and 60, got 0'],
    ['brokerCount 63', one, { brokerCount: 63 }, '`brokerCount` must be an integer between 1 and 60, got 63'],
    ['brokerCount not a multiple of the AZs', one, { brokerCount: 4 }, '`brokerCount` must be a multiple of the 3 Availability Zones, got 4'],
    ['brokerCount below the replication factor', one, { brokerCount: 2, availabilityZones: 2 },
      '`brokerCount` must be at least the replication factor 3 (one broker per copy), got 2'],
    ['a Standard size for Express', one, { brokerType: KafkaBrokerType.EXPRESS, instanceType: KafkaInstanceType.M5_LARGE },
      '`instanceType` must be an Express broker size to plan Express brokers, got kafka.m5.large'],
    ['an Express size for Standard', one, { brokerType: KafkaBrokerType.STANDARD, instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE },
      '`instanceType` must be a Standard broker size to plan Standard brokers, got express.m7g.large'],
    ['Express with replication 2', { ingestMibPerSecond: 1, replicationFactor: 2 }, { brokerType: KafkaBrokerType.EXPRESS },
      '`workload.replicationFactor` must be 3 for Express brokers (MSK fixes it), got 2'],
    ['Express in 2 AZs', one, { brokerType: KafkaBrokerType.EXPRESS, availabilityZones: 2 }, '`availabilityZones` must be 3 for Express brokers, got 2'],
    // 6.5 × 1,000 ÷ 81 = 80.2 → 81 brokers
    ['more than 60 brokers of the size given', { ingestMibPerSecond: 1000, retention: Duration.hours(1) }, { instanceType: KafkaInstanceType.M5_LARGE },
      '`workload` needs 81 kafka.m5.large brokers, above the 60 a cluster can have: choose a larger instance type or split the workload across clusters'],
    ['more than 60 brokers of every size', { ingestMibPerSecond: 10000, retention: Duration.hours(1) }, {},
      '`workload` needs more than 60 brokers of every Standard size, the most a cluster can have: split the workload across clusters'],
    ['an unknown instance type price', one, { prices: { brokerHourUsd: { 'kafka.t3.small': 0.05 } } },
      '`prices.brokerHourUsd` names an instance type the planner does not know, got \'kafka.t3.small\': use a name such as \'kafka.m5.large\' (see KafkaInstanceType)'],
    ['a negative broker price', one, { prices: { brokerHourUsd: { 'kafka.m5.large': -1 } } },
      '`prices.brokerHourUsd[\'kafka.m5.large\']` must be a finite number of at least 0 USD, got -1'],
    ['a negative storage price', one, { prices: { storageGbMonthUsd: -0.1 } },
      '`prices.storageGbMonthUsd` must be a finite number of at least 0 USD, got -0.1'],
    ['a negative Express data-in price', one, { prices: { expressDataInPerGbUsd: NaN } },
      '`prices.expressDataInPerGbUsd` must be a finite number of at least 0 USD, got NaN'],
  ])('%s', (_name, workload, options, message) => {
    expectInputError(() => BrokerSizing.plan(workload, options), message);
  });
});

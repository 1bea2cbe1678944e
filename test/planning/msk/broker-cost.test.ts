import { Duration } from 'aws-cdk-lib';
import { BrokerSizing, KafkaBrokerType, KafkaInstanceType, StreamCapacityMode } from '../../../src';
import { expectInputError } from '../../input-errors';

const HOUR = Duration.hours(1);

describe('BrokerPlan.cost', () => {
  test('the worked example: 3 × kafka.m5.large = 3 × $0.21 × 730 = $459.90 a month before storage', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.M5_LARGE });
    expect(plan.cost.brokerHoursMonthlyUsd).toBe(459.9);
    expect(plan.cost.items).toEqual([
      { name: 'broker-hours', quantity: 2190, unit: 'kafka.m5.large broker-hour', unitPriceUsd: 0.21, monthlyUsd: 459.9 },
      // 3 brokers × 591 GiB × $0.10
      { name: 'storage', quantity: 1773, unit: 'GB-month', unitPriceUsd: 0.1, monthlyUsd: 177.3 },
    ]);
    expect(plan.cost.storageMonthlyUsd).toBe(177.3);
    expect(plan.cost.dataInMonthlyUsd).toBe(0);
    expect(plan.cost.monthlyUsd).toBe(637.2);
    expect(plan.cost.notes).toContain('Data transfer, MSK Connect and client-side costs are not included.');
  });

  test('Express: broker-hours and data in, storage noted as not included', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { brokerType: KafkaBrokerType.EXPRESS });
    // 1 MiB/s × 2,628,000 s ÷ 1,024 = 2,566.41 GB × $0.01
    expect(plan.cost.items).toEqual([
      { name: 'broker-hours', quantity: 2190, unit: 'express.m7g.large broker-hour', unitPriceUsd: 0.408, monthlyUsd: 893.52 },
      { name: 'Express data in', quantity: 2566.40625, unit: 'GB', unitPriceUsd: 0.01, monthlyUsd: 25.66 },
    ]);
    expect(plan.cost).toMatchObject({ monthlyUsd: 919.18, brokerHoursMonthlyUsd: 893.52, storageMonthlyUsd: 0, dataInMonthlyUsd: 25.66 });
    expect(plan.cost.notes).toContain('Express storage is billed per GB-month as used, not included.');
  });

  test('a derived price says so, unless the user gave it', () => {
    const note = 'The kafka.m7g.xlarge hourly price is derived from the large size\'s (prices grow with vCPUs): check the pricing page.';
    const derived = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.M7G_XLARGE });
    expect(derived.cost.items[0]).toMatchObject({ unitPriceUsd: 0.408, monthlyUsd: 893.52 });
    expect(derived.cost.notes).toContain(note);
    const given = BrokerSizing.plan({ ingestMibPerSecond: 1 }, {
      instanceType: KafkaInstanceType.M7G_XLARGE,
      prices: { brokerHourUsd: { 'kafka.m7g.xlarge': 0.4 } },
    });
    expect(given.cost.notes).not.toContain(note);
    expect(given.cost.brokerHoursMonthlyUsd).toBe(876);
  });

  test('prices can be overridden, as with PriceList', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, {
      instanceType: KafkaInstanceType.M5_LARGE,
      prices: { brokerHourUsd: { 'kafka.m5.large': 0.25 }, storageGbMonthUsd: 0.12 },
    });
    expect(plan.cost.brokerHoursMonthlyUsd).toBe(547.5); // 3 × 0.25 × 730
    expect(plan.cost.storageMonthlyUsd).toBe(212.76); // 1,773 × 0.12
  });

  test('a fixed broker count is priced at that count', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 6 });
    expect(plan.cost.brokerHoursMonthlyUsd).toBe(919.8);
    expect(plan.storageGibPerBroker).toBe(296); // 1,771.875 GiB ÷ 6 = 295.3
  });
});

describe('BrokerPlan.kinesisComparison', () => {
  test('a small workload: Kinesis is cheaper, and the cluster pays mostly for broker-hours', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 });
    const c = plan.kinesisComparison!;
    // 1 shard × 730 h × ($0.015 + $0.02 extended retention for 7 days) = $25.55
    expect(c.kinesisPlan.shardCount).toBe(1);
    expect(c.kinesisPlan.cost.capacityMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(c.kinesisMonthlyUsd).toBe(25.55);
    expect(c.kafkaMonthlyUsd).toBe(624.06);
    expect(c.kinesisIsCheaper).toBe(true);
    expect(c.reason).toBe('Kinesis is cheaper: 1 shard (provisioned) costs $25.55 a month against 3 × kafka.m7g.large and their storage cost $624.06; '
      + 'most of the cluster\'s cost is broker-hours ($446.76), billed every hour however little the brokers carry. '
      + 'The stream is priced without PUT payload units: a Kafka workload states no record rate or size.');
    expect(plan.cost.notes).toContain(c.reason);
  });

  test('long retention: the cluster pays mostly for storage', () => {
    const c = BrokerSizing.plan({ ingestMibPerSecond: 10, retention: Duration.days(30) }).kinesisComparison!;
    expect(c.kinesisIsCheaper).toBe(true);
    expect(c.reason).toMatch(/most of the cluster's cost is its EBS storage \(\$[\d,.]+\), every copy of every record kept for the whole retention\. The stream is priced without PUT payload units: a Kafka workload states no record rate or size\.$/);
  });

  test('a stream priced on demand says that its records are not rounded up to 1 KB', () => {
    // Shard-hours at $10 make on-demand the cheaper Kinesis mode.
    const c = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { kinesisPrices: { shardHourUsd: 10 } }).kinesisComparison!;
    expect(c.kinesisPlan.cost.capacityMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(c.reason).toMatch(/^Kinesis is cheaper: 1 shard \(on-demand\) costs .*\. The stream is priced with records not rounded up to 1 KB: a Kafka workload states no record rate or size\.$/);
  });

  test('a bad Kinesis price is refused under its name, not taken as a workload Kinesis cannot carry', () => {
    expectInputError(() => BrokerSizing.plan({ ingestMibPerSecond: 1 }, { kinesisPrices: { shardHourUsd: -1 } }),
      '`kinesisPrices.shardHourUsd` must be a finite number of at least 0 USD, got -1');
  });

  test('an instance type\'s price given as undefined keeps the list price', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.M5_LARGE, prices: { brokerHourUsd: { 'kafka.m5.large': undefined as unknown as number } } });
    expect(plan.cost.brokerHoursMonthlyUsd).toBe(459.9);
    // A misspelt instance type is refused even without a price.
    expectInputError(() => BrokerSizing.plan({ ingestMibPerSecond: 1 }, { prices: { brokerHourUsd: { 'kafka.m5.lage': undefined as unknown as number } } }),
      '`prices.brokerHourUsd` names an instance type the planner does not know, got \'kafka.m5.lage\': use a name such as \'kafka.m5.large\' (see KafkaInstanceType)');
  });

  test('many consumer groups at high throughput: MSK is cheaper', () => {
    // Kinesis: 5 × 1,000 MiB/s of polling reads ÷ 2 MiB/s = 2,500 shards × 730 h × $0.015 = $27,375
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1000, consumerGroups: 5, retention: HOUR });
    const c = plan.kinesisComparison!;
    expect(c.kinesisPlan.shardCount).toBe(2500);
    expect(c.kinesisMonthlyUsd).toBe(27375);
    expect(c.kinesisIsCheaper).toBe(false);
    expect(c.kafkaMonthlyUsd).toBe(plan.cost.monthlyUsd);
    expect(c.kafkaMonthlyUsd).toBeLessThan(27375);
    expect(c.reason).toMatch(/^MSK is cheaper: .* a month against 2,500 shards \(provisioned\) cost \$27,375\.00; at this load Kinesis needs 2,500 shards, bound by shared read bytes \(2 MiB\/s per shard\)\. The stream is priced without PUT payload units: a Kafka workload states no record rate or size\.$/);
  });

  test('consumer groups are polling consumers; retention is held within 24–8,760 hours', () => {
    const short = BrokerSizing.plan({ ingestMibPerSecond: 1, consumerGroups: 3, retention: HOUR }).kinesisComparison!.kinesisPlan;
    expect(short.workload.pollingConsumers).toBe(3);
    expect(short.cost.extendedRetentionMonthlyUsd).toBe(0); // 1 hour → 24 hours, not extended
    const long = BrokerSizing.plan({ ingestMibPerSecond: 0.01, retention: Duration.days(400) }).kinesisComparison!.kinesisPlan;
    expect(long.cost.notes).toContain('Retention beyond 168 hours is billed as long-term storage per GB-month, not included.');
  });

  test('no comparison when one stream cannot carry the workload', () => {
    // 20,000 MiB/s needs 20,000 shards, above the 10,000 a stream can have
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 20000, retention: HOUR }, { brokerType: KafkaBrokerType.EXPRESS });
    expect(plan.kinesisComparison).toBeUndefined();
    expect(plan.summary).not.toContain('vs Kinesis');
  });
});

describe('BrokerPlan.summary', () => {
  test('the worked example, line by line', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.M5_LARGE });
    expect(plan.summary.split('\n')).toEqual([
      '3 × kafka.m5.large Standard brokers across 3 AZs (workload needs 3, bound by one broker per Availability Zone and per copy)',
      '  EBS throughput     6.5 of 243 MiB/s  2.7%',
      '  network            5.7 of 288 MiB/s  2%',
      '  CPU (estimated)    1.2% of the 60% allowed  2.1%',
      '  replicas           9 of 3,000 partition replicas  0.3%',
      '  storage            591 of 16,384 GiB per broker  3.6%',
      '  partitions         3 × RF 3, 3 per broker',
      '  cost/month         $637.20 (broker-hours $459.90, storage 591 GiB per broker $177.30)',
      '  vs Kinesis         Kinesis is cheaper: 1 shard (provisioned) costs $25.55 a month against 3 × kafka.m5.large and their storage cost $637.20; '
        + 'most of the cluster\'s cost is broker-hours ($459.90), billed every hour however little the brokers carry. '
        + 'The stream is priced without PUT payload units: a Kafka workload states no record rate or size.',
    ]);
  });

  test('Express, with headroom', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 100, headroom: 0.25 }, { instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE });
    // 125 ÷ 15.6 = 8.01 → 9
    expect(plan.summary.split('\n').slice(0, 4)).toEqual([
      '9 × express.m7g.large Express brokers across 3 AZs (workload needs 9, bound by Express sustained ingress per broker with 25% headroom)',
      '  ingress            100 of 140.4 MiB/s  71%',
      '  egress             100 of 280.8 MiB/s  36%',
      '  replicas           81 of 9,000 partition replicas  0.9%', // 125 ÷ 5 = 25 partitions → 27, a multiple of 9
    ]);
    expect(plan.summary).toContain('  cost/month         $5,246.97 (broker-hours $2,680.56, data in $2,566.41)');
  });
});

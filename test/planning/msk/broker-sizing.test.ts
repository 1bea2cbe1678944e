import { Duration } from 'aws-cdk-lib';
import { BrokerLimit, BrokerSizing, KafkaBrokerType, KafkaInstanceType, KafkaWorkload } from '../../../src';

const HOUR = Duration.hours(1);

describe('BrokerSizing.plan: defaults', () => {
  test('every default of the workload and the options', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 });
    expect(plan.workload).toMatchObject({
      ingestMibPerSecond: 1,
      consumerGroups: 1,
      consumeMibPerSecond: 1, // ingest × consumerGroups
      partitions: 3, // planned: 1 MiB/s ÷ 5 per partition → 1, at least one per broker
      replicationFactor: 3,
      headroom: 0,
    });
    expect(plan.workload.retention?.toDays()).toBe(7);
    expect(plan.brokerType).toBe(KafkaBrokerType.STANDARD);
    expect(plan.availabilityZones).toBe(3);
    expect(plan.brokerCount).toBe(3);
    expect(plan.requiredBrokerCount).toBe(3);
    expect(plan.bindingLimit).toBe(BrokerLimit.AVAILABILITY_ZONES);
    // the cheapest size: 3 × kafka.m7g.large ($0.204/h) beats 3 × kafka.m5.large ($0.21/h)
    expect(plan.instanceType).toBe(KafkaInstanceType.M7G_LARGE);
    // 1 MiB/s × 604,800 s × 3 copies ÷ 3 brokers ÷ 1,024 = 590.6 → 591 GiB
    expect(plan.storageGibPerBroker).toBe(591);
    expect(plan.partitions).toBe(3);
    expect(plan.partitionsPerBroker).toBe(3);
    expect(plan.warnings).toEqual([]);
  });

  test('consumeMibPerSecond defaults to ingest × consumerGroups', () => {
    expect(BrokerSizing.plan({ ingestMibPerSecond: 2, consumerGroups: 4 }).workload.consumeMibPerSecond).toBe(8);
    expect(BrokerSizing.plan({ ingestMibPerSecond: 2, consumerGroups: 0 }).workload.consumeMibPerSecond).toBe(0);
    expect(BrokerSizing.plan({ ingestMibPerSecond: 2, consumerGroups: 4, consumeMibPerSecond: 3 }).workload.consumeMibPerSecond).toBe(3);
  });

  test('the broker type follows the instance type when only that is given', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1 }, { instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE });
    expect(plan.brokerType).toBe(KafkaBrokerType.EXPRESS);
  });

  test('given partitions are kept; planned ones are a multiple of the broker count', () => {
    expect(BrokerSizing.plan({ ingestMibPerSecond: 1, partitions: 7 }).partitions).toBe(7);
    // 100 MiB/s ÷ 5 = 20 partitions, rounded up to a multiple of the brokers
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 100, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE });
    expect(plan.partitions % plan.brokerCount).toBe(0);
    expect(plan.partitions).toBeGreaterThanOrEqual(20);
  });
});

describe('BrokerSizing.plan: the binding limit', () => {
  // Columns: workload, options, brokers, binding limit.
  test.each<[string, KafkaWorkload, Parameters<typeof BrokerSizing.plan>[1], number, BrokerLimit]>([
    // EBS: 6.5 × 50 = 325 MiB/s ÷ 81 = 4.01 → 5 → a multiple of 3 = 6 (network 5.7 × 50 ÷ 96 = 2.97)
    ['EBS throughput', { ingestMibPerSecond: 50, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE }, 6, BrokerLimit.EBS_THROUGHPUT],
    // network: 5.7 × (5 × 30 + 2 × 30) ÷ 3 = 399 MiB/s ÷ 96 = 4.16 → 6 (EBS 195 ÷ 81 = 2.41)
    ['network throughput', { ingestMibPerSecond: 30, consumerGroups: 5, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE }, 6, BrokerLimit.NETWORK_THROUGHPUT],
    // partitions: 2,000 × 3 replicas ÷ 1,000 per kafka.m5.large = 6
    ['partitions per broker', { ingestMibPerSecond: 1, partitions: 2000, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE }, 6, BrokerLimit.PARTITIONS],
    // the same 6,000 replicas on kafka.m5.2xlarge (2,000 each) need 3
    ['partitions per broker, larger size', { ingestMibPerSecond: 1, partitions: 2000, retention: HOUR }, { instanceType: KafkaInstanceType.M5_2XLARGE }, 3, BrokerLimit.PARTITIONS],
    // storage: 10 MiB/s × 30 days × 3 ÷ 1,024 = 75,937.5 GiB ÷ 16,384 = 4.63 → 6
    ['storage', { ingestMibPerSecond: 10, retention: Duration.days(30) }, { instanceType: KafkaInstanceType.M5_LARGE }, 6, BrokerLimit.STORAGE],
    // a small workload: one broker per AZ
    ['availability zones', { ingestMibPerSecond: 1 }, {}, 3, BrokerLimit.AVAILABILITY_ZONES],
    // 2 AZs but 3 copies: at least 3 brokers, a multiple of 2 → 4
    ['one broker per copy, in 2 AZs', { ingestMibPerSecond: 1 }, { availabilityZones: 2 }, 4, BrokerLimit.AVAILABILITY_ZONES],
    ['RF 2 in 2 AZs', { ingestMibPerSecond: 1, replicationFactor: 2 }, { availabilityZones: 2 }, 2, BrokerLimit.AVAILABILITY_ZONES],
    // AZ multiple: EBS 6.5 × 40 ÷ 81 = 3.21 → 4 brokers → 6 in 3 AZs, 4 in 2 AZs
    ['AZ multiple of 3', { ingestMibPerSecond: 40, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE }, 6, BrokerLimit.EBS_THROUGHPUT],
    ['AZ multiple of 2', { ingestMibPerSecond: 40, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE, availabilityZones: 2 }, 4, BrokerLimit.EBS_THROUGHPUT],
    // headroom: 6.5 × 40 × 1.5 ÷ 81 = 4.81 → 6; EBS stays bound
    ['headroom', { ingestMibPerSecond: 40, retention: HOUR, headroom: 0.5 }, { instanceType: KafkaInstanceType.M5_LARGE, availabilityZones: 2 }, 6, BrokerLimit.EBS_THROUGHPUT],
    // replication factor 2: EBS 6.5 × 2/3 × 60 = 260 ÷ 81 = 3.2; network 5.7 × (60 + 60) ÷ 3 = 228 ÷ 96 = 2.4 → 4 in 2 AZs
    ['replication factor scales EBS', { ingestMibPerSecond: 60, replicationFactor: 2, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE, availabilityZones: 2 }, 4, BrokerLimit.EBS_THROUGHPUT],
    // Express in: 100 ÷ 15.6 = 6.41 → 9 (out 100 ÷ 31.2 = 3.2)
    ['Express ingress', { ingestMibPerSecond: 100 }, { brokerType: KafkaBrokerType.EXPRESS, instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE }, 9, BrokerLimit.EXPRESS_INGRESS],
    // Express out: 6 groups × 20 = 120 ÷ 31.2 = 3.85 → 6 (in 20 ÷ 15.6 = 1.28)
    ['Express egress', { ingestMibPerSecond: 20, consumerGroups: 6 }, { instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE }, 6, BrokerLimit.EXPRESS_EGRESS],
    ['Express, small', { ingestMibPerSecond: 1 }, { brokerType: KafkaBrokerType.EXPRESS }, 3, BrokerLimit.AVAILABILITY_ZONES],
  ])('%s', (_name, workload, options, brokers, binding) => {
    const plan = BrokerSizing.plan(workload, options);
    expect(plan.requiredBrokerCount).toBe(brokers);
    expect(plan.brokerCount).toBe(brokers);
    expect(plan.brokerCount % plan.availabilityZones).toBe(0);
    expect(plan.bindingLimit).toBe(binding);
  });

  test('storage per broker: ingress × retention × RF ÷ brokers, with headroom, whole GiB', () => {
    // 75,937.5 GiB ÷ 6 = 12,656.25 → 12,657
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 10, retention: Duration.days(30) }, { instanceType: KafkaInstanceType.M5_LARGE });
    expect(plan.storageGibPerBroker).toBe(12657);
    // × 1.2 = 91,125 GiB ÷ 16,384 = 5.56 → 6 brokers, 15,187.5 → 15,188 GiB each
    const withHeadroom = BrokerSizing.plan({ ingestMibPerSecond: 10, retention: Duration.days(30), headroom: 0.2 },
      { instanceType: KafkaInstanceType.M5_LARGE });
    expect(withHeadroom.storageGibPerBroker).toBe(15188);
    // a tiny workload still gets the 1 GiB minimum
    expect(BrokerSizing.plan({ ingestMibPerSecond: 0.0001, retention: HOUR }).storageGibPerBroker).toBe(1);
    // at a fixed broker count too low for the data, the volume stops at 16,384 GiB
    const capped = BrokerSizing.plan({ ingestMibPerSecond: 10, retention: Duration.days(30) },
      { instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3 });
    expect(capped.storageGibPerBroker).toBe(16384);
    expect(capped.warnings.map(w => w.id)).toEqual(['brokerCountBelowPlan']);
  });

  test('CPU stays under 60% whenever the plan sets the count: AWS\'s factors (6.5, 5.7) exceed 1 ÷ 0.6', () => {
    for (const workload of [
      { ingestMibPerSecond: 50, retention: HOUR },
      { ingestMibPerSecond: 30, consumerGroups: 5, retention: HOUR },
      { ingestMibPerSecond: 200, consumerGroups: 20, retention: HOUR },
    ]) {
      const cpu = BrokerSizing.plan(workload).utilisation.find(u => u.limit === BrokerLimit.CPU)!;
      expect(cpu.used).toBeLessThanOrEqual(0.6);
      expect(cpu.capacity).toBe(0.6);
    }
  });

  test('utilisation of each limit at the stated peak', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 50, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE });
    const byLimit = Object.fromEntries(plan.utilisation.map(u => [u.limit, u]));
    expect(Object.keys(byLimit)).toEqual([
      BrokerLimit.EBS_THROUGHPUT, BrokerLimit.NETWORK_THROUGHPUT, BrokerLimit.CPU, BrokerLimit.PARTITIONS, BrokerLimit.STORAGE,
    ]);
    expect(byLimit.EBS_THROUGHPUT).toMatchObject({ used: 325, capacity: 486, unit: 'MiB/s' }); // 6.5 × 50 of 6 × 81
    expect(byLimit.EBS_THROUGHPUT.utilisation).toBeCloseTo(325 / 486, 12);
    expect(byLimit.NETWORK_THROUGHPUT).toMatchObject({ used: 285, capacity: 576 }); // 5.7 × 50 of 6 × 96
    // CPU: max(3 × 50 ÷ (6 × 81), (50 + 100) ÷ (6 × 96)) = 0.309
    expect(byLimit.CPU.used).toBeCloseTo(150 / 486, 12);
    // 12 partitions (50 ÷ 5 = 10, a multiple of 6) × 3 of 6 × 1,000
    expect(byLimit.PARTITIONS).toMatchObject({ used: 36, capacity: 6000, unit: 'partition replicas' });
    expect(byLimit.STORAGE.used).toBeCloseTo(50 * 3600 * 3 / 1024 / 6, 9);
    expect(byLimit.STORAGE.capacity).toBe(16384);
  });

  test('Express utilisation: ingress and egress of the brokers\' sustained figures', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 100 }, { instanceType: KafkaInstanceType.EXPRESS_M7G_LARGE });
    expect(plan.utilisation.map(u => u.limit)).toEqual([BrokerLimit.EXPRESS_INGRESS, BrokerLimit.EXPRESS_EGRESS, BrokerLimit.PARTITIONS]);
    expect(plan.utilisation[0].capacity).toBeCloseTo(9 * 15.6, 9);
    expect(plan.utilisation[1].capacity).toBeCloseTo(9 * 31.2, 9);
    expect(plan.workload.replicationFactor).toBe(3);
  });

  test('the cheapest size is chosen among those of the broker type', () => {
    // 400 MiB/s: m7g.4xlarge needs 6.5 × 400 ÷ 625 = 4.2 → 6; the plan compares every Standard size's cost
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 400, retention: HOUR });
    for (const other of KafkaInstanceType.all().filter(t => t.brokerType === KafkaBrokerType.STANDARD)) {
      let cost: number;
      try {
        cost = BrokerSizing.plan({ ingestMibPerSecond: 400, retention: HOUR }, { instanceType: other }).cost.monthlyUsd;
      } catch {
        continue; // more than 60 brokers of this size
      }
      expect(plan.cost.monthlyUsd).toBeLessThanOrEqual(cost);
    }
    expect(BrokerSizing.plan({ ingestMibPerSecond: 400, retention: HOUR }, { brokerType: KafkaBrokerType.EXPRESS }).instanceType.brokerType)
      .toBe(KafkaBrokerType.EXPRESS);
  });
});

describe('BrokerSizing.plan: warnings', () => {
  test('a broker count below the plan', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 50, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE, brokerCount: 3 });
    expect(plan.brokerCount).toBe(3);
    expect(plan.requiredBrokerCount).toBe(6);
    expect(plan.utilisation[0].utilisation).toBeGreaterThan(1);
    expect(plan.warnings).toEqual([{
      id: 'brokerCountBelowPlan',
      message: '3 brokers are fewer than the 6 the workload needs (bound by EBS throughput (AWS sizing model)): '
        + 'expect throttling, CPU above 60% or full disks at peak. Add brokers, choose a larger instance type or lower the workload figures.',
    }]);
  });

  test('a replication factor below 3, and 2 AZs', () => {
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 1, replicationFactor: 2 }, { availabilityZones: 2 });
    expect(plan.warnings.map(w => w.id)).toEqual(['replicationFactorBelowThree', 'twoAvailabilityZones']);
    expect(plan.warnings[0].message).toBe('Replication factor 2 keeps fewer than 3 copies: with a broker or an Availability Zone down, '
      + 'partitions go offline or stop accepting acks=all writes, and a lost volume loses data. Use 3.');
  });

  test('more brokers than a ZooKeeper-mode cluster allows', () => {
    // 6.5 × 400 ÷ 81 = 32.1 → 33
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 400, retention: HOUR }, { instanceType: KafkaInstanceType.M5_LARGE });
    expect(plan.brokerCount).toBe(33);
    expect(plan.warnings).toEqual([{
      id: 'moreBrokersThanZooKeeperAllows',
      message: '33 brokers are more than the 30 a ZooKeeper-mode cluster can have: create the cluster in KRaft mode (Kafka 3.7 or later), or split the workload.',
    }]);
  });
});

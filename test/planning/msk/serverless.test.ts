import { BrokerLimit, BrokerSizing } from '../../../src';

describe('BrokerSizing.planServerless', () => {
  test('a workload within the quotas', () => {
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 10 });
    // 10 MiB/s ÷ 5 per partition = 2 partitions; reads 10 ÷ 10 = 1
    expect(plan).toMatchObject({ partitions: 2, requiredPartitions: 2, fits: true, warnings: [] });
    expect(plan.bindingLimit).toBe(BrokerLimit.SERVERLESS_PARTITION_INGRESS);
    expect(plan.utilisation.map(u => [u.limit, u.used, u.capacity])).toEqual([
      [BrokerLimit.SERVERLESS_CLUSTER_INGRESS, 10, 200],
      [BrokerLimit.SERVERLESS_CLUSTER_EGRESS, 10, 400],
      [BrokerLimit.SERVERLESS_PARTITION_INGRESS, 5, 5],
      [BrokerLimit.SERVERLESS_PARTITION_EGRESS, 5, 10],
    ]);
  });

  test('the cluster ingress quota binds and is exceeded', () => {
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 250 });
    expect(plan.bindingLimit).toBe(BrokerLimit.SERVERLESS_CLUSTER_INGRESS);
    expect(plan.fits).toBe(false);
    expect(plan.warnings).toEqual([{
      id: 'serverlessQuotaExceeded',
      message: 'The workload exceeds Serverless ingress per cluster (200 MiB/s): Serverless throttles beyond it. '
        + 'Plan provisioned brokers with `BrokerSizing.plan()` or split the workload.',
    }]);
  });

  test('the cluster egress quota binds', () => {
    // 5 groups × 100 = 500 of 400 MiB/s; 20 partitions carry 5 in and 5 out each
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 100, consumerGroups: 5 });
    expect(plan.bindingLimit).toBe(BrokerLimit.SERVERLESS_CLUSTER_EGRESS);
    expect(plan.warnings.map(w => w.id)).toEqual(['serverlessQuotaExceeded']);
    expect(plan.warnings[0].message).toContain('Serverless egress per cluster (400 MiB/s)');
  });

  test('the partition egress quota binds: one group reading faster than it writes', () => {
    // a group reads 30 MiB/s: 30 ÷ 10 = 3 partitions
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 1, consumeMibPerSecond: 30 });
    expect(plan.requiredPartitions).toBe(3);
    expect(plan.bindingLimit).toBe(BrokerLimit.SERVERLESS_PARTITION_EGRESS);
    expect(plan.fits).toBe(true);
  });

  test('too few partitions given', () => {
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 10, partitions: 1 });
    expect(plan.partitions).toBe(1);
    expect(plan.fits).toBe(false);
    expect(plan.bindingLimit).toBe(BrokerLimit.SERVERLESS_PARTITION_INGRESS);
    expect(plan.warnings).toEqual([{
      id: 'partitionsBelowPlan',
      message: '1 partition carries more than the per-partition quotas allow: the workload needs 2. Add partitions.',
    }]);
  });

  test('headroom counts against the quotas', () => {
    const plan = BrokerSizing.planServerless({ ingestMibPerSecond: 180, headroom: 0.2 });
    expect(plan.fits).toBe(false); // 216 of 200 MiB/s
    expect(plan.requiredPartitions).toBe(44); // 216 ÷ 5 = 43.2
    expect(plan.summary.split('\n')[0]).toBe('MSK Serverless, 44 partitions (workload needs 44 with 20% headroom); does not fit the quotas, '
      + 'closest: Serverless ingress per cluster (200 MiB/s)');
  });
});

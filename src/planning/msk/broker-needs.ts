import { BROKER_CAPACITY, BrokerCapacity, MskLimits } from './broker-capacity';
import { BrokerLimit } from './broker-limit';
import { KafkaBrokerType } from './kafka-broker-type';
import { KafkaInstanceType } from './kafka-instance-type';
import { LimitUtilisation } from './limit-utilisation';
import { MAX_PARTITIONS, ResolvedKafkaWorkload } from './resolved-kafka-workload';

/** Rounding slack so that e.g. 3 × 0.1 does not need a 4th broker. */
const EPSILON = 1e-9;
/** Planned partitions carry at most this much ingress each (the Serverless per-partition quota). */
const PARTITION_INGRESS_MIB_PER_SECOND = MskLimits.SERVERLESS_PARTITION_INGRESS_MIB_PER_SECOND;
/** …and at most this much egress per consumer group each. */
const PARTITION_EGRESS_MIB_PER_SECOND = MskLimits.SERVERLESS_PARTITION_EGRESS_MIB_PER_SECOND;

export function capacityOf(type: KafkaInstanceType): BrokerCapacity {
  return BROKER_CAPACITY[type.instanceTypeName];
}

export function roundUpTo(value: number, multiple: number): number {
  return Math.max(multiple, Math.ceil(Math.ceil(value - EPSILON) / multiple) * multiple);
}

/** The cluster's traffic in AWS's sizing model, MiB/s, at the stated peak (no headroom). */
export function modelTraffic(w: ResolvedKafkaWorkload): { ebs: number; network: number } {
  // AWS's factors are for RF 3 and one consumer group. The right-sizing blog's Equation 1
  // (t_cluster ≤ t_storage × brokers ÷ r, t_EC2network × brokers ÷ (c + r − 1)) scales them:
  // disk traffic with the copies written (r); network with the consumers' reads plus the
  // followers' fetches, consume + (r − 1) × ingress, which is 3 × ingress at RF 3 and c = 1.
  const r = w.replicationFactor;
  return {
    ebs: MskLimits.EBS_FACTOR_AT_RF3 * (r / 3) * w.ingestMibPerSecond,
    network: MskLimits.NETWORK_FACTOR_AT_RF3 * (w.consumeMibPerSecond + (r - 1) * w.ingestMibPerSecond) / 3,
  };
}

/** CPU of each of `n` brokers in normal operation, estimated as their busiest of disk and network against the model's figures. */
export function cpuEstimate(w: ResolvedKafkaWorkload, c: BrokerCapacity, n: number): number {
  const r = w.replicationFactor;
  const disk = r * w.ingestMibPerSecond / (n * c.ebsMibPerSecond!);
  const network = (w.consumeMibPerSecond + (r - 1) * w.ingestMibPerSecond) / (n * c.networkMibPerSecond!);
  return Math.max(disk, network);
}

/** Data the cluster keeps, GiB, all copies: ingress × retention × replication factor. */
export function storedGib(w: ResolvedKafkaWorkload): number {
  return w.ingestMibPerSecond * w.retentionHours * 3600 * w.replicationFactor / 1024;
}

/** Brokers each limit needs, unrounded, with headroom, in tie-break order (the first wins a tie). */
export function brokerNeeds(w: ResolvedKafkaWorkload, type: KafkaInstanceType, zones: number, partitions: number): Array<[BrokerLimit, number]> {
  const c = capacityOf(type);
  const grow = 1 + w.headroom;
  const partitionNeed: [BrokerLimit, number] = [BrokerLimit.PARTITIONS, partitions * w.replicationFactor / c.maxPartitions];
  const zoneNeed: [BrokerLimit, number] = [BrokerLimit.AVAILABILITY_ZONES, Math.max(zones, w.replicationFactor)];
  if (type.brokerType === KafkaBrokerType.EXPRESS) {
    return [
      [BrokerLimit.EXPRESS_INGRESS, w.ingestMibPerSecond * grow / c.ingressMibPerSecond!],
      [BrokerLimit.EXPRESS_EGRESS, w.consumeMibPerSecond * grow / c.egressMibPerSecond!],
      partitionNeed,
      zoneNeed,
    ];
  }
  const traffic = modelTraffic(w);
  return [
    [BrokerLimit.EBS_THROUGHPUT, traffic.ebs * grow / c.ebsMibPerSecond!],
    [BrokerLimit.NETWORK_THROUGHPUT, traffic.network * grow / c.networkMibPerSecond!],
    [BrokerLimit.CPU, cpuEstimate(w, c, 1) * grow / MskLimits.MAX_CPU],
    partitionNeed,
    [BrokerLimit.STORAGE, storedGib(w) * grow / MskLimits.MAX_STORAGE_GIB],
    zoneNeed,
  ];
}

/** Partitions planned for `brokers` brokers: enough for the per-partition rates, a multiple of the broker count. */
export function plannedPartitions(w: ResolvedKafkaWorkload, brokers: number): number {
  const grow = 1 + w.headroom;
  const perGroup = w.consumerGroups > 0 ? w.consumeMibPerSecond / w.consumerGroups : 0;
  const needed = Math.max(w.ingestMibPerSecond * grow / PARTITION_INGRESS_MIB_PER_SECOND, perGroup * grow / PARTITION_EGRESS_MIB_PER_SECOND);
  return Math.min(roundUpTo(needed, brokers), MAX_PARTITIONS);
}

/** The largest need and its limit; the first limit listed wins a tie. */
export function bindingNeed(needs: Array<[BrokerLimit, number]>): [BrokerLimit, number] {
  return needs.reduce((a, b) => (b[1] > a[1] + EPSILON ? b : a));
}

/** Brokers required: the largest need rounded up to a multiple of the AZ count, with the partitions planned for it. */
export function requiredBrokers(w: ResolvedKafkaWorkload, type: KafkaInstanceType, zones: number):
{ brokers: number; partitions: number; binding: BrokerLimit } {
  let brokers = zones;
  let partitions = w.partitions ?? plannedPartitions(w, brokers);
  let binding = BrokerLimit.AVAILABILITY_ZONES;
  // Planned partitions grow with the broker count, so settle the two together (a few rounds at most).
  for (let round = 0; round < 5; round++) {
    const [limit, need] = bindingNeed(brokerNeeds(w, type, zones, partitions));
    binding = limit;
    const next = roundUpTo(need, zones);
    const nextPartitions = w.partitions ?? plannedPartitions(w, next);
    if (next === brokers && nextPartitions === partitions) {
      break;
    }
    brokers = next;
    partitions = nextPartitions;
  }
  return { brokers, partitions, binding };
}

/** How much of each limit `n` brokers use at the stated peak (headroom not included). */
export function utilisationAt(w: ResolvedKafkaWorkload, type: KafkaInstanceType, n: number, partitions: number): LimitUtilisation[] {
  const c = capacityOf(type);
  const of = (limit: BrokerLimit, used: number, capacity: number, unit: string): LimitUtilisation =>
    ({ limit, used, capacity, unit, utilisation: used / capacity });
  const partitionUse = of(BrokerLimit.PARTITIONS, partitions * w.replicationFactor, n * c.maxPartitions, 'partition replicas');
  if (type.brokerType === KafkaBrokerType.EXPRESS) {
    return [
      of(BrokerLimit.EXPRESS_INGRESS, w.ingestMibPerSecond, n * c.ingressMibPerSecond!, 'MiB/s'),
      of(BrokerLimit.EXPRESS_EGRESS, w.consumeMibPerSecond, n * c.egressMibPerSecond!, 'MiB/s'),
      partitionUse,
    ];
  }
  const traffic = modelTraffic(w);
  return [
    of(BrokerLimit.EBS_THROUGHPUT, traffic.ebs, n * c.ebsMibPerSecond!, 'MiB/s'),
    of(BrokerLimit.NETWORK_THROUGHPUT, traffic.network, n * c.networkMibPerSecond!, 'MiB/s'),
    of(BrokerLimit.CPU, cpuEstimate(w, c, n), MskLimits.MAX_CPU, 'CPU fraction'),
    partitionUse,
    of(BrokerLimit.STORAGE, storedGib(w) / n, MskLimits.MAX_STORAGE_GIB, 'GiB per broker'),
  ];
}

/** EBS volume per broker, whole GiB, with headroom, within 1–16,384. */
export function storagePerBroker(w: ResolvedKafkaWorkload, n: number): number {
  const gib = Math.ceil(storedGib(w) * (1 + w.headroom) / n - EPSILON);
  return Math.min(Math.max(gib, MskLimits.MIN_STORAGE_GIB), MskLimits.MAX_STORAGE_GIB);
}

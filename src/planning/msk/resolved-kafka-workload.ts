import { Duration } from 'aws-cdk-lib';
import { KafkaWorkload } from './kafka-workload';
import { checkAtLeast, checkKnown, checkPositive, checkRange } from '../../common/checks';
import { InputError } from '../../common/input-error';

/** Largest headroom accepted (plan for 11× the stated peak): beyond that, state the peak. */
const MAX_HEADROOM = 10;
/** Most consumer groups accepted. */
const MAX_CONSUMER_GROUPS = 1000;
/** Most partitions accepted: 60 brokers × 4,000 partitions each. */
export const MAX_PARTITIONS = 240000;
/** Highest replication factor accepted: one copy per broker of the largest cluster. */
const MAX_REPLICATION_FACTOR = 60;
/** Longest retention planned: ten years, far beyond what 16 TiB per broker holds at any real rate. */
const MAX_RETENTION_DAYS = 3650;

/** A validated Kafka workload with every default applied, except `partitions` (planned). */
export interface ResolvedKafkaWorkload {
  readonly ingestMibPerSecond: number;
  readonly consumerGroups: number;
  readonly consumeMibPerSecond: number;
  readonly retention: Duration;
  readonly retentionHours: number;
  readonly partitions?: number;
  readonly replicationFactor: number;
  readonly headroom: number;
}

/**
 * Validates a Kafka workload and fills in its defaults.
 *
 * Messages name the field as `workload.<field>`, the allowed range and the value given.
 */
export function resolveKafkaWorkload(workload: KafkaWorkload): ResolvedKafkaWorkload {
  const field = (name: keyof KafkaWorkload, unit?: string) => ({ name: `workload.${name}`, unit });
  for (const name of ['ingestMibPerSecond', 'consumerGroups', 'consumeMibPerSecond', 'partitions', 'replicationFactor', 'headroom'] as const) {
    checkKnown(field(name), workload[name]);
  }
  if (workload.ingestMibPerSecond === undefined) {
    throw new InputError('`workload.ingestMibPerSecond` is required: the peak write throughput in MiB/s');
  }
  checkPositive(field('ingestMibPerSecond', 'MiB/s'), workload.ingestMibPerSecond);
  checkRange(field('consumerGroups'), workload.consumerGroups, 0, MAX_CONSUMER_GROUPS, true);
  checkAtLeast(field('consumeMibPerSecond', 'MiB/s'), workload.consumeMibPerSecond, 0);
  checkRange(field('partitions'), workload.partitions, 1, MAX_PARTITIONS, true);
  checkRange(field('replicationFactor'), workload.replicationFactor, 1, MAX_REPLICATION_FACTOR, true);
  checkRange(field('headroom', '(a fraction: 0.25 plans for 25% above the peak)'), workload.headroom, 0, MAX_HEADROOM);

  const retention = workload.retention ?? Duration.days(7);
  if (retention.isUnresolved()) {
    throw new InputError('`workload.retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration');
  }
  const retentionHours = retention.toHours({ integral: false });
  checkPositive({ name: 'workload.retention', unit: 'hours' }, retentionHours, MAX_RETENTION_DAYS * 24);

  const consumerGroups = workload.consumerGroups ?? 1;
  return {
    ingestMibPerSecond: workload.ingestMibPerSecond,
    consumerGroups,
    consumeMibPerSecond: workload.consumeMibPerSecond ?? workload.ingestMibPerSecond * consumerGroups,
    retention,
    retentionHours,
    partitions: workload.partitions,
    replicationFactor: workload.replicationFactor ?? 3,
    headroom: workload.headroom ?? 0,
  };
}

/** The workload as a plan reports it: every default applied, and the partitions planned. */
export function completedWorkload(w: ResolvedKafkaWorkload, partitions: number): KafkaWorkload {
  return {
    ingestMibPerSecond: w.ingestMibPerSecond,
    consumerGroups: w.consumerGroups,
    consumeMibPerSecond: w.consumeMibPerSecond,
    retention: w.retention,
    partitions,
    replicationFactor: w.replicationFactor,
    headroom: w.headroom,
  };
}

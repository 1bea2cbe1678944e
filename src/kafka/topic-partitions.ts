import type { KafkaBridge } from './kafka-bridge';
import { KafkaTopicProps } from './kafka-topic-props';
import { checkRange } from '../common/checks';
import { plannedPartitions } from '../planning/msk/broker-needs';
import { MAX_PARTITIONS, resolveKafkaWorkload } from '../planning/msk/resolved-kafka-workload';

/**
 * Partitions of a new topic before its readers' parallelism: the count given; else
 * planned from the topic's own workload (enough for the per-partition rates, a multiple
 * of the broker count); else the bridge's planned partitions (its workload counts all
 * topics together); else one per broker, so that every broker leads one.
 */
export function topicPartitions(props: KafkaTopicProps, bridge: KafkaBridge): number {
  checkRange({ name: 'partitions' }, props.partitions, 1, MAX_PARTITIONS, true);
  if (props.partitions !== undefined) {
    return props.partitions;
  }
  const brokers = bridge.brokerCount ?? 1;
  if (props.workload) {
    const workload = resolveKafkaWorkload(props.workload);
    return workload.partitions ?? plannedPartitions(workload, brokers);
  }
  return bridge.plan?.workload.partitions ?? brokers;
}
